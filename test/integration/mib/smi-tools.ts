import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { mibSearchPath } from '../../../src/mib/search-path.js';

const run = promisify(execFile);

/** Everything smilint says about a MIB file at level 6; it exits 0 even on errors, so only the output counts. */
export async function smilint(file: string): Promise<string> {
  const dir = resolve(file, '..');
  const { stdout, stderr } = await run('smilint', ['-l', '6', file], { env: { ...process.env, SMIPATH: mibSearchPath(dir) }, timeout: 30_000 });
  return `${stdout}${stderr}`;
}

/** Resolves each name of a module to its numeric OID with snmptranslate, one call for all names. */
export async function translate(mibDir: string, moduleName: string, names: readonly string[]): Promise<string[]> {
  const persistent = mkdtempSync(join(tmpdir(), 'misp-agentx-snmptranslate-'));
  try {
    const { stdout } = await run('snmptranslate', ['-M', mibSearchPath(mibDir), '-m', moduleName, '-On', ...names.map((n) => `${moduleName}::${n}`)], {
      env: { ...process.env, MIBS: '', MIBDIRS: '', SNMP_PERSISTENT_DIR: persistent },
      timeout: 30_000,
    });
    return stdout.split('\n').filter((l) => l.trim() !== '');
  } finally {
    rmSync(persistent, { recursive: true, force: true });
  }
}

/** Writes MIB text as <module>.txt into a new temp dir and returns the file; remove the dir when done. */
export function writeTempMib(moduleName: string, text: string): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-mib-'));
  const file = join(dir, `${moduleName}.txt`);
  writeFileSync(file, text);
  return { file, dir };
}
