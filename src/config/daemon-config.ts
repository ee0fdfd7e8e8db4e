import { DEFAULT_AGENTX_SOCKET, parseAgentxAddress } from '../agentx/address.js';
import { integer, oneOf, parsed } from './converters.js';
import { type InstanceReadOptions, readInstance } from './instance.js';
import { readNotifications } from './notifications.js';
import { OID_ROOT_EXPECTED, parseOidRoot } from './oid-root.js';
import { ObjectReader, type ReadContext, report } from './reader.js';
import { type AgentxConfig, type ConfiguredInstance, type DaemonConfig, LOG_FORMATS, LOG_LEVELS, type LogConfig } from './types.js';

const AGENTX_SOCKET_EXPECTED = 'an AgentX socket as in snmpd\'s agentXSocket: /absolute/path, unix:/absolute/path or tcp:host:port';

/** The socket as written, once the AgentX engine's own parser accepts it (its message says what is wrong). */
const agentxSocket = parsed(AGENTX_SOCKET_EXPECTED, (text) => (parseAgentxAddress(text) && text));

export const DEFAULT_PING_INTERVAL_SECONDS = 5;
/** RFC 2741's default registration priority. */
export const DEFAULT_REGISTRATION_PRIORITY = 127;
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 5;
/** Bounds the work of one poll round and the size of the MIB's tables. */
export const MAX_INSTANCES = 64;

function readAgentx(reader: ObjectReader, options: InstanceReadOptions): AgentxConfig {
  const agentx = {
    socket: reader.field('socket', agentxSocket, DEFAULT_AGENTX_SOCKET),
    oidRoot: reader.field('oidRoot', parsed(OID_ROOT_EXPECTED, parseOidRoot), options.defaults.oidRoot),
    priority: reader.field('priority', integer(1, 255, ' (1 = highest; the RFC default is 127)'), DEFAULT_REGISTRATION_PRIORITY),
    timeoutSeconds: reader.field('timeoutSeconds', integer(0, 255, " seconds (0 = snmpd's agentXTimeout)"), 0),
    pingIntervalSeconds: reader.field('pingIntervalSeconds', integer(0, 3600, ' seconds (0 = no ping)'), DEFAULT_PING_INTERVAL_SECONDS),
    shutdownTimeoutSeconds: reader.field('shutdownTimeoutSeconds', integer(1, 60, ' seconds'), DEFAULT_SHUTDOWN_TIMEOUT_SECONDS),
  };
  reader.finish();
  return agentx;
}

function readLog(reader: ObjectReader): LogConfig {
  const log = { level: reader.field('level', oneOf(LOG_LEVELS), 'info'), format: reader.field('format', oneOf(LOG_FORMATS), 'auto') };
  reader.finish();
  return log;
}

function readInstances(top: ObjectReader, options: InstanceReadOptions): ConfiguredInstance[] {
  const { ctx } = top;
  const items = top.list('instances');
  if (items.length === 0) report(ctx, ['instances'], 'no MISP instance configured; expected a list with at least one instance (name, url, key source)');
  if (items.length > MAX_INSTANCES) report(ctx, ['instances'], `${items.length} instances; expected at most ${MAX_INSTANCES}`);
  const instances = items.slice(0, MAX_INSTANCES).map((item, i) => readInstance(ObjectReader.of(ctx, ['instances', i], item), options));
  instances.forEach((instance, i) => {
    const first = instances.findIndex((other) => other.name === instance.name);
    if (instance.name !== '' && first !== i) report(ctx, ['instances', i, 'name'], `"${instance.name}" is already the name of instances[${first}]; expected a unique name`);
  });
  return instances;
}

/** Reads the whole (environment-merged) document. The result is meaningful only when ctx.issues stays empty. */
export function readDaemonConfig(ctx: ReadContext, document: unknown, source: string, options: InstanceReadOptions): DaemonConfig {
  const top = ObjectReader.of(ctx, [], document);
  const agentx = readAgentx(top.mapping('agentx'), options);
  const log = readLog(top.mapping('log'));
  const notifications = readNotifications(top.mapping('notifications'));
  const instances = readInstances(top, options);
  top.allowExtensionKeys();
  top.finish();
  return { source, agentx, log, notifications, instances, warnings: ctx.warnings };
}
