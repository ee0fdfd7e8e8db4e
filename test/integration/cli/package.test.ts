import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'misp-agentx-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('gives a tarball that installs and runs, with the built code, the MIB, the unit and the templates', async () => {
    // --ignore-scripts: prepack would rebuild dist/ under the other test files' feet; npm test built it.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed?.files.map((f) => f.path) ?? [];
    for (const expected of ['dist/cli/entry.js', 'dist/cli/main.js', 'systemd/misp-agentx.tmpfiles', 'LICENSE', 'mibs/MISP-AGENTX-MIB.txt', 'systemd/misp-agentx.service', 'systemd/snmpd-agentx.conf', 'config/misp-agentx.example.yaml', 'nms/zabbix/misp-agentx.yaml', 'README.md']) {
      expect(files).toContain(expected);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('bench/'))).toEqual([]);

    const prefix = join(work, 'installed');
    await run('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, packed?.filename ?? '')], { cwd: work, timeout: 120_000 });
    const bin = join(prefix, 'node_modules/.bin/misp-agentx');
    const help = await run(bin, ['--help']);
    expect(help.stdout).toContain('Usage: misp-agentx <command> [options]');
    const oids = await run(bin, ['oids']);
    expect(oids.stdout).toMatch(/^\.1\.3\.6\.1\.4\.1\.8072\.9999\.9999\.4913\.1\.3\.1\.6\s+mispWorkersJobsPending\.<mispInstanceIndex>/m);
    const mib = await run(bin, ['mib']);
    expect(mib.stdout).toBe(readFileSync(join(ROOT, 'mibs/MISP-AGENTX-MIB.txt'), 'utf8'));
  }, 180_000);
});
