import { type ManagerVarbind, once, T } from '../../snmp/manager.js';
import { type Oid, formatOid } from '../../snmp/oid.js';
import type { Finding } from './finding.js';

export interface SnmpTarget {
  readonly host: string;
  readonly port: number;
  readonly community: string;
}

function getNext(target: SnmpTarget, oid: string): Promise<ManagerVarbind | undefined> {
  return once(target.port, { host: target.host, community: target.community, timeoutMs: 2000, retries: 1 }, async (client) => (await client.getNext([oid]))[0]);
}

/** Acting as an SNMP manager, whether snmpd answers inside the subtree the daemon registers. */
export async function checkSubtreeAnswers(target: SnmpTarget, root: Oid): Promise<Finding> {
  const rootText = formatOid(root);
  const subject = `snmpd udp:${target.host}:${target.port} (community "${target.community}")`;
  let varbind: ManagerVarbind | undefined;
  try {
    varbind = await getNext(target, rootText);
  } catch (error) {
    return {
      level: 'fail',
      subject,
      detail: `no answer to GETNEXT ${rootText}: ${(error as Error).message}`,
      fix: 'check snmpd runs and listens there (agentAddress), and that rocommunity allows this host; or pass --snmp-host, --snmp-port, --community',
    };
  }
  const inside = varbind !== undefined && varbind.type !== T.EndOfMibView && varbind.oid.startsWith(`${rootText}.`);
  if (inside) return { level: 'ok', subject, detail: `the subtree ${rootText} answers (first object ${varbind?.oid})` };
  return {
    level: 'fail',
    subject,
    detail: `snmpd answers, but nothing under ${rootText}`,
    fix:
      'start the daemon (systemctl start misp-agentx) and read journalctl -u misp-agentx; check snmpd\'s view for this community includes the subtree ' +
      '(the package\'s /etc/snmp/snmpd.conf.d/misp-agentx.conf adds the default root to Debian\'s "systemonly" view; another root or view needs its own "view <name> included <root>" line)',
  };
}
