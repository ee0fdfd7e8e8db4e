import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs a net-snmp command-line tool asynchronously (a synchronous call would freeze the very
 * subagent it queries) and returns its stdout.
 */
export async function snmpTool(tool: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(tool, [...args], { env: { ...process.env, MIBS: '', MIBDIRS: '' }, timeout: 30_000 });
  return stdout;
}
