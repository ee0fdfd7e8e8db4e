import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnmpClient } from '../src/snmp/manager.js';
import { waitFor } from '../src/common/wait.js';

export const SNMPD_PATH = '/usr/sbin/snmpd';
/** Constants under netSnmpPlaypen, away from the MISP root (4913); 2741 is AgentX's RFC. */
export const C_SUBAGENT_ROOT = '1.3.6.1.4.1.8072.9999.9999.2741';
export const C_SUBAGENT_OID = `${C_SUBAGENT_ROOT}.1.0`;
/** More than the MISP subtree holds, so walks of both can stop at the same count. */
export const C_SUBAGENT_OBJECTS = 400;

/**
 * net-snmp's own AgentX subagent written in C (`snmpd -X`), loading only the `override` module to
 * serve constants through the same master: what the AgentX hop itself costs, whoever answers.
 */
export class CSubagent {
  private constructor(private readonly child: ChildProcess) {}

  static async start(dir: string, agentxSocket: string, snmpPort: number): Promise<CSubagent> {
    const config = join(dir, 'c-subagent.conf');
    mkdirSync(join(dir, 'c-subagent'), { recursive: true });
    const objects = Array.from({ length: C_SUBAGENT_OBJECTS }, (_, i) => `override .${C_SUBAGENT_ROOT}.${i + 1}.0 integer ${i + 1}`);
    writeFileSync(config, [`agentXSocket ${agentxSocket}`, ...objects, ''].join('\n'));
    const child = spawn(SNMPD_PATH, ['-f', '-Lo', '-C', '-X', '-I', 'override', '-c', config], {
      env: { ...process.env, MIBS: '', MIBDIRS: '', SNMP_PERSISTENT_DIR: join(dir, 'c-subagent') },
      stdio: 'ignore',
    });
    const subagent = new CSubagent(child);
    const client = new SnmpClient(snmpPort, { timeoutMs: 500 });
    try {
      await waitFor('the C subagent to serve its object', async () => (await client.get([`${C_SUBAGENT_ROOT}.${C_SUBAGENT_OBJECTS}.0`]).catch(() => []))[0]?.value === C_SUBAGENT_OBJECTS, 10_000, 50);
    } catch (error) {
      await subagent.stop();
      throw error;
    } finally {
      client.close();
    }
    return subagent;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await gone;
  }
}
