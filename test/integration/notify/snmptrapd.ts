import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort } from '../../../src/demo/free-port.js';
import { waitFor } from '../../../src/common/wait.js';

const SNMPTRAPD = ['/usr/sbin/snmptrapd', '/usr/local/sbin/snmptrapd'].find((path) => existsSync(path)) ?? 'snmptrapd';
/** One notification a line: the marker, then every varbind as "OID = TYPE: value", tab-separated. */
const LINE_MARK = 'NOTIFICATION ';

/** One received notification: its snmpTrapOID.0 and its other varbinds (numeric OID without the dot -> "TYPE: value"). */
export interface Received {
  readonly trapOid: string;
  readonly varbinds: ReadonlyMap<string, string>;
}

function parseLine(line: string): Received | null {
  if (!line.startsWith(LINE_MARK)) return null;
  const varbinds = new Map<string, string>();
  for (const part of line.slice(LINE_MARK.length).split('\t')) {
    const at = part.indexOf(' = ');
    if (at > 0) varbinds.set(part.slice(0, at).replace(/^\./, ''), part.slice(at + 3));
  }
  const trap = varbinds.get('1.3.6.1.6.3.1.1.4.1.0');
  if (trap === undefined) return null;
  varbinds.delete('1.3.6.1.6.3.1.1.4.1.0');
  varbinds.delete('1.3.6.1.2.1.1.3.0');
  return { trapOid: trap.replace(/^OID: \./, ''), varbinds };
}

/**
 * Debian's snmptrapd on a loopback port, with a temp configuration that accepts any community and
 * prints each notification as one parseable line. Stopped and removed by stop().
 */
export class TrapReceiver {
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(): Promise<TrapReceiver> {
    const port = await freeUdpPort();
    const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-snmptrapd-'));
    const config = join(dir, 'snmptrapd.conf');
    writeFileSync(config, 'disableAuthorization yes\n');
    const args = ['-f', '-Lo', '-C', '-c', config, '-n', '-On', '-F', `${LINE_MARK}%v\n`, `udp:127.0.0.1:${port}`];
    const child = spawn(SNMPTRAPD, args, { env: { ...process.env, MIBS: '', MIBDIRS: '', SNMP_PERSISTENT_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const receiver = new TrapReceiver(port, dir, child);
    await waitFor('snmptrapd to start', () => receiver.output.includes('NET-SNMP version'), 10_000);
    return receiver;
  }

  /** Every notification received so far, in order. A Hex-STRING (UTF-8 text) wraps after 16 bytes: its lines are joined again. */
  all(): Received[] {
    return this.output.replace(/\n(?=(?:[0-9A-F]{2} )+)/g, '').split('\n').flatMap((line) => parseLine(line) ?? []);
  }

  /** Those whose snmpTrapOID starts with `prefix` (e.g. the agent's notifications arc). */
  under(prefix: string): Received[] {
    return this.all().filter((r) => r.trapOid.startsWith(`${prefix}.`));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
