import { userInfo } from 'node:os';
import type { DaemonConfig } from '../../config/types.js';
import { CONFIG_OPTION, type Command, type CommandContext, type OptionValues } from '../command.js';
import { commandLogger } from '../command-logger.js';
import { checkAgentxSocket } from '../doctor/agentx-socket-check.js';
import { type Finding, formatFinding } from '../doctor/finding.js';
import { checkMispAccess } from '../doctor/misp-checks.js';
import type { SnmpTarget } from '../doctor/snmp-subtree-check.js';
import { EXIT } from '../command.js';
import { configLoader } from '../load-for-command.js';
import { UsageError } from '../command.js';

function snmpTarget(values: OptionValues): SnmpTarget {
  const portText = (values['snmp-port'] as string | undefined) ?? '161';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new UsageError(`--snmp-port ${portText}: expected a port number from 1 to 65535`, 'doctor');
  return { host: (values['snmp-host'] as string | undefined) ?? '127.0.0.1', port, community: (values['community'] as string | undefined) ?? 'public' };
}

function configFindings(config: DaemonConfig): Finding[] {
  const subject = `configuration ${config.source}`;
  return [
    { level: 'ok', subject, detail: `valid; ${config.instances.length} instance(s), root ${config.agentx.oidRoot.join('.')}` },
    ...config.warnings.map((warning): Finding => ({ level: 'warn', subject, detail: warning })),
  ];
}

/** Who this process is, as the socket check reports it; a uid without a passwd entry (DynamicUser=) is normal. */
function processIdentity(): string {
  const uid = process.getuid?.() ?? -1;
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = 'no passwd entry';
  }
  return `uid ${uid} (${name}, groups ${(process.getgroups?.() ?? []).join(',')})`;
}

async function allFindings(config: DaemonConfig, target: SnmpTarget, values: OptionValues, context: CommandContext): Promise<Finding[]> {
  // Loaded here, not at the top: net-snmp is for doctor alone, and every command loads this file.
  const { checkSubtreeAnswers } = await import('../doctor/snmp-subtree-check.js');
  const logger = commandLogger(values['verbose'] === true, config.instances.map((instance) => instance.apiKey), context);
  const [misp, socket, subtree] = await Promise.all([
    checkMispAccess(config.instances, logger),
    checkAgentxSocket(config.agentx.socket, processIdentity()),
    checkSubtreeAnswers(target, config.agentx.oidRoot),
  ]);
  return [...configFindings(config), ...misp, socket, subtree];
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the whole chain (configuration, MISP and key rights, AgentX socket, snmpd) and say what to fix',
  description: [
    'Checks, in order: the configuration; each MISP instance, polling every endpoint group once to learn',
    'what the key may read (also groups the configuration turns off); the AgentX socket, connecting as the',
    'daemon would (run doctor as the daemon\'s user to test its rights); and, as an SNMP manager (v2c),',
    'that snmpd answers inside the registered subtree, which needs `misp-agentx run` to be running.',
    'Each problem comes with a fix. Exits 1 when anything failed.',
  ].join('\n'),
  options: {
    config: CONFIG_OPTION,
    'snmp-host': { type: 'string', valueName: 'HOST', description: 'snmpd to query (default 127.0.0.1)' },
    'snmp-port': { type: 'string', valueName: 'PORT', description: 'its UDP port (default 161)' },
    community: { type: 'string', valueName: 'NAME', description: 'SNMPv2c community to query with (default public)' },
    verbose: { type: 'boolean', short: 'v', description: 'also print the collectors\' log lines on stderr' },
  },
  async run(values, context) {
    const target = snmpTarget(values);
    const config = configLoader(values, context)();
    if (config === null) return EXIT.config;
    const findings = await allFindings(config, target, values, context);
    // The same fix (e.g. for every poll group of an unreachable MISP) is printed once, at its first finding.
    const printedFixes = new Set<string>();
    for (const finding of findings) {
      const repeated = finding.fix !== undefined && printedFixes.has(finding.fix);
      if (finding.fix !== undefined) printedFixes.add(finding.fix);
      context.stdout.write(formatFinding(repeated ? { ...finding, fix: undefined } : finding));
    }
    const failed = findings.filter((finding) => finding.level === 'fail').length;
    const warned = findings.filter((finding) => finding.level === 'warn').length;
    context.stdout.write(`\n${failed} problem(s), ${warned} warning(s).\n`);
    return failed === 0 ? EXIT.ok : EXIT.problem;
  },
};
