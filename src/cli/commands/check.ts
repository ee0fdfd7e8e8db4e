import { performance } from 'node:perf_hooks';
import { buildTree, listServedValues } from '../../mib/index.js';
import { GROUP_NAMES, type GroupName, type InstanceSnapshot } from '../../domain/snapshot.js';
import { formatOid } from '../../snmp/oid.js';
import type { ConfiguredInstance } from '../../config/types.js';
import { CONFIG_OPTION, type Command, EXIT, packageVersion } from '../command.js';
import { commandLogger } from '../command-logger.js';
import { configLoader, printWarnings } from '../load-for-command.js';
import { pollEveryInstanceOnce } from '../poll-once.js';
import { renderTable } from '../../common/table.js';
import type { KeyRole } from '../../endpoints/key-role/index.js';
import type { PollError } from '../../http/poll-error.js';
import { readKeyRole, rightsVerdict, roleSuffices } from '../key-rights.js';

/**
 * A group is wrong when it is polled and its last poll did not succeed, or when the key's role may
 * not read all of it (MISP lists feeds to any role, without cache times and hidden feeds).
 */
function failingGroups(snapshot: InstanceSnapshot, role: KeyRole | PollError): string[] {
  return GROUP_NAMES.filter((group) => !['ok', 'disabled'].includes(snapshot.polls[group].status) || (snapshot.polls[group].status === 'ok' && roleSuffices(role, group) === false));
}

const RIGHTS_LABELS = { true: 'enough', false: 'site admin needed', null: 'unknown' } as const;

/** The KEY RIGHTS column: what the role lacks for the group, if anything. */
function rightsLabel(role: KeyRole | PollError, group: GroupName): string {
  return RIGHTS_LABELS[`${roleSuffices(role, group)}`];
}

function instanceReport(snapshot: InstanceSnapshot, config: ConfiguredInstance, role: KeyRole | PollError): string {
  const rows = GROUP_NAMES.map((group) => {
    const poll = snapshot.polls[group];
    const interval = config.intervals[group];
    const rights = interval === 0 ? '' : rightsLabel(role, group);
    return [group, poll.status, interval === 0 ? 'off' : `${interval} s`, rights, poll.lastDurationMs === null ? '' : `${Math.round(poll.lastDurationMs)} ms`, poll.lastError];
  });
  const rights = rightsVerdict(role, config, `instances[${snapshot.index - 1}]`);
  const fix = rights.fix === undefined ? '' : `\n    fix: ${rights.fix}`;
  return (
    `Instance ${snapshot.index} "${snapshot.name}" ${snapshot.url}: ${snapshot.status}\n` +
    `  key rights: ${rights.detail}${fix}\n` +
    renderTable(['GROUP', 'STATUS', 'INTERVAL', 'KEY RIGHTS', 'TOOK', 'LAST ERROR'], rows, '  ')
  );
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'poll every configured instance once and print each value with its OID and status',
  description: [
    'Polls each configured MISP instance once with the configured key, then prints, per instance, the',
    'status of each poll group, whether the key\'s role may read each group it polls (one more request,',
    '/users/view/me), and every value the daemon would serve: numeric OID, name, type, value.',
    'Exits 1 when an instance is not fully healthy (a polled group failed, or the key\'s role may not read',
    'all of one), 0 when all is well.',
    'Use it after installing, before pointing a manager at snmpd: it replaces the "test it first" step.',
    'With --config-only it contacts nothing: it reads the configuration and the keys as the daemon would',
    'and exits 0 when they are good, 78 otherwise (the unit runs it before a reload).',
  ].join('\n'),
  options: {
    config: CONFIG_OPTION,
    'config-only': { type: 'boolean', description: 'only validate the configuration and the keys; poll nothing' },
    verbose: { type: 'boolean', short: 'v', description: 'also print the collectors\' log lines on stderr' },
  },
  async run(values, context) {
    const config = configLoader(values, context)();
    if (config === null) return EXIT.config;
    printWarnings(config, context);
    if (values['config-only'] === true) {
      context.stdout.write(`Configuration ${config.source} is valid: ${config.instances.length} instance(s), subtree ${formatOid(config.agentx.oidRoot)}\n`);
      return EXIT.ok;
    }
    const logger = commandLogger(values['verbose'] === true, config.instances.map((instance) => instance.apiKey), context);
    const [snapshots, roles] = await Promise.all([pollEveryInstanceOnce(config.instances, logger), Promise.all(config.instances.map((instance) => readKeyRole(instance, logger)))]);

    const root = config.agentx.oidRoot;
    const agent = { version: packageVersion(), startedAt: performance.now(), instanceCount: snapshots.length, sessionState: () => 'disconnected' as const, notifications: () => ({ sent: 0, held: 0, dropped: 0 }) };
    const served = listServedValues(root, buildTree(root, agent, snapshots));
    const reports = snapshots.map((snapshot, i) => instanceReport(snapshot, config.instances[i] as ConfiguredInstance, roles[i] as KeyRole | PollError));
    const table = renderTable(['OID', 'NAME', 'TYPE', 'VALUE'], served.map((v) => [v.oid, v.name, v.type, v.value]));
    context.stdout.write(`Configuration ${config.source}; subtree ${formatOid(root)}\n\n${reports.join('\n')}\n${table}`);

    const failing = snapshots.flatMap((snapshot, i) => failingGroups(snapshot, roles[i] as KeyRole | PollError).map((group) => `${snapshot.name}/${group}`));
    if (failing.length === 0) return EXIT.ok;
    context.stderr.write(`check: not healthy: ${failing.join(', ')} (see LAST ERROR above; "misp-agentx doctor" suggests fixes)\n`);
    return EXIT.problem;
  },
};
