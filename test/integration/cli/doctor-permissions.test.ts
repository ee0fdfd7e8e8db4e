import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/config-fixture.js';
import { CliProcess } from './cli-process.js';

// A uid and gid with no passwd or group entry, as systemd's DynamicUser= gives the daemon.
const DAEMON = { uid: 64_917, gid: 64_917 };
const KEY = 'AdminKey0123456789abcdefghijABCDEFGHIJ01';

let dir: string;
let folder: string;
let socket: string;
let server: Server;

beforeAll(async () => {
  dir = tempDir();
  chmodSync(dir, 0o755);
  folder = join(dir, 'agentx');
  socket = join(folder, 'master');
  mkdirSync(folder, { mode: 0o700 });
  server = createServer((connection) => connection.destroy());
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  // Nothing listens on port 9 of loopback: every poll group fails the same way.
  writeFileSync(join(dir, 'config.yaml'), `agentx: { socket: ${socket} }\ninstances:\n  - { name: main, url: "http://127.0.0.1:9", keyEnv: MISP_KEY, timeouts: { connectMs: 500 } }\n`, { mode: 0o644 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function doctorAsDaemon(): Promise<string> {
  const result = await new CliProcess(['doctor', '--config', join(dir, 'config.yaml'), '--snmp-port', '9'], { MISP_KEY: KEY }, DAEMON).done;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  return result.stdout;
}

describe.runIf(process.getuid?.() === 0)('doctor as a uid without a passwd entry', () => {
  it('names the folder it may not enter (drwx------ root root), then the socket it may not open, then connects; each fix once', async () => {
    const blocked = await doctorAsDaemon();
    // Every poll group fails the same way; their shared fix is printed once.
    expect(blocked.match(/^\[FAIL\] main \w+: unreachable/gm)?.length).toBeGreaterThan(1);
    expect(blocked.match(/fix: cannot connect: check the url/g)?.length).toBe(1);
    expect(blocked).toContain(`[FAIL] AgentX socket ${socket}: uid ${DAEMON.uid} (no passwd entry, groups ${DAEMON.gid}) may not enter folder ${folder} (mode 0700, uid 0, gid 0): EACCES`);
    expect(blocked).toContain(`chgrp misp-agentx ${folder} && chmod 0750 ${folder}`);

    chownSync(folder, 0, DAEMON.gid);
    chmodSync(folder, 0o750);
    chmodSync(socket, 0o600);
    const socketClosed = await doctorAsDaemon();
    expect(socketClosed).toContain(`[FAIL] AgentX socket ${socket}: uid ${DAEMON.uid} (no passwd entry, groups ${DAEMON.gid}) may not connect (mode 0600, uid 0, gid 0)`);
    expect(socketClosed).toContain('agentXPerms 0660 0750 root misp-agentx');

    chownSync(socket, 0, DAEMON.gid);
    chmodSync(socket, 0o660);
    const open = await doctorAsDaemon();
    expect(open).toContain(`[ok]   AgentX socket ${socket}: connected as uid ${DAEMON.uid}`);
  });
});
