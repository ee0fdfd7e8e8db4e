import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { parseAgentxAddress } from '../../agentx/address.js';
import { connectToMaster } from '../../agentx/connect.js';
import type { Finding } from './finding.js';

const CONNECT_TIMEOUT_MS = 2000;
/** Where the Debian package puts snmpd's lines and the rule that opens /var/agentx to the group. */
const PACKAGE_SNMPD_CONF = '/etc/snmp/snmpd.conf.d/misp-agentx.conf';
const PACKAGE_TMPFILES = 'misp-agentx.conf';
const SNMPD_LINES =
  `snmpd needs "master agentx", "agentXSocket <this socket>" and "agentXPerms 0660 0750 root misp-agentx" ` +
  `(the package installs them as ${PACKAGE_SNMPD_CONF}; without it, append systemd/snmpd-agentx.conf to snmpd.conf), then restart snmpd`;

function modeAndOwner(stats: Stats): string {
  return `mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')}, uid ${stats.uid}, gid ${stats.gid}`;
}

function describe(path: string): string {
  try {
    return modeAndOwner(statSync(path));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'cannot stat';
  }
}

/** The folders a process must be able to enter to reach `path`: "/", "/var", "/var/agentx" for /var/agentx/master. */
function foldersOnPath(path: string): string[] {
  const folders: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (folder === dirname(folder)) return folders;
  }
}

/** The first folder on the way to the socket that is missing or that this process may not enter. */
function folderProblem(socketPath: string, identity: string, subject: string): Finding | undefined {
  for (const folder of foldersOnPath(socketPath)) {
    try {
      accessSync(folder, constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return { level: 'fail', subject, detail: `folder ${folder} does not exist: snmpd has not created it, so it does not run as an AgentX master with this socket`, fix: `start snmpd; ${SNMPD_LINES}` };
      }
      const fix = folder === dirname(socketPath)
        ? `the package's tmpfiles.d rule gives ${folder} to group misp-agentx: systemd-tmpfiles --create ${PACKAGE_TMPFILES} (or by hand: chgrp misp-agentx ${folder} && chmod 0750 ${folder}); the daemon must run in that group`
        : `let the daemon's user or group enter ${folder}`;
      return { level: 'fail', subject, detail: `${identity} may not enter folder ${folder} (${describe(folder)}): ${code ?? 'error'}`, fix };
    }
  }
  return undefined;
}

/** Whether this process can reach and use the AgentX master's socket, as the daemon would. */
export async function checkAgentxSocket(socket: string, identity: string): Promise<Finding> {
  const subject = `AgentX socket ${socket}`;
  const address = parseAgentxAddress(socket);
  if (address.kind === 'unix') {
    const blocked = folderProblem(address.path, identity, subject);
    if (blocked !== undefined) return blocked;
    try {
      if (!statSync(address.path).isSocket()) return { level: 'fail', subject, detail: 'exists but is not a socket', fix: SNMPD_LINES };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { level: 'fail', subject, detail: 'does not exist: snmpd is not running as an AgentX master with this socket', fix: `start snmpd; ${SNMPD_LINES}` };
      return { level: 'fail', subject, detail: `cannot stat: ${code ?? String(error)}`, fix: SNMPD_LINES };
    }
  }
  try {
    (await connectToMaster(address, CONNECT_TIMEOUT_MS)).destroy();
    return { level: 'ok', subject, detail: `connected as ${identity}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') {
      return {
        level: 'fail',
        subject,
        detail: `${identity} may not connect (${address.kind === 'unix' ? describe(address.path) : 'permission denied'})`,
        fix: `${SNMPD_LINES}; and run the daemon in group misp-agentx (the unit's SupplementaryGroups=misp-agentx)`,
      };
    }
    if (code === 'ECONNREFUSED') return { level: 'fail', subject, detail: 'nothing accepts connections there (a socket left behind by a stopped snmpd?)', fix: `start or restart snmpd; ${SNMPD_LINES}` };
    return { level: 'fail', subject, detail: (error as Error).message, fix: `check snmpd runs; ${SNMPD_LINES}` };
  }
}
