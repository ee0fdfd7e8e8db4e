import type { MispVariant } from '../../sim/scenario.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { UsageError } from '../command.js';
import { checkCommand } from './check.js';

const VARIANTS: readonly MispVariant[] = ['2.4.130', '2.4-sbj', '2.5'];

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the daemon against a simulated MISP and a private snmpd, and show what it serves',
  description: [
    'Starts a simulated MISP on loopback, a private snmpd (Debian\'s, from a temp dir, on high loopback',
    'ports) and the real daemon (misp-agentx run) between them; prints an snmpwalk of the subtree, the',
    'queue table and the `check` table, then keeps running until Ctrl-C, and stops everything cleanly.',
    'Needs Debian\'s snmpd and snmp packages (sudo ./scripts/setup.sh installs them).',
  ].join('\n'),
  options: {
    'misp-version': { type: 'string', valueName: 'VARIANT', description: `simulated MISP: ${VARIANTS.join(', ')} (default 2.5)` },
    duration: { type: 'string', valueName: 'SECONDS', description: 'stop by itself after this many seconds (default: run until Ctrl-C)' },
  },
  async run(values, context) {
    const variant = (values['misp-version'] ?? '2.5') as MispVariant;
    if (!VARIANTS.includes(variant)) throw new UsageError(`--misp-version must be one of ${VARIANTS.join(', ')}, not "${variant}"`, 'demo');
    const durationText = values['duration'];
    const duration = typeof durationText === 'string' ? Number(durationText) : null;
    if (duration !== null && !(Number.isFinite(duration) && duration > 0)) throw new UsageError(`--duration must be a positive number of seconds, not "${durationText}"`, 'demo');
    try {
      // Loaded on demand: the demo starts processes, and no other command should even load that code.
      const { runDemo } = await import('../../demo/demo.js');
      await runDemo({
        mispVersion: variant,
        durationSeconds: duration,
        out: context.stdout,
        check: (configPath) => checkCommand.run({ config: configPath }, context),
      });
      return EXIT.ok;
    } catch (error) {
      context.stderr.write(`misp-agentx demo: ${(error as Error).message}\n`);
      return EXIT.problem;
    }
  },
};
