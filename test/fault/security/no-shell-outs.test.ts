import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../helpers/import-graph.js';

const SRC = resolve(import.meta.dirname, '../../../src');
const CHILD_PROCESS = /from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)|import\(['"](node:)?child_process['"]\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const name = (file: string): string => relative(SRC, file);
const sourcesOf = (graph: Set<string>): string[] => [...graph].filter((file) => file.startsWith(SRC));

describe('no shell-outs', () => {
  it('nothing that `misp-agentx run` loads can start a process', () => {
    const graph = sourcesOf(importGraph([join(SRC, 'cli/commands/run.ts')], { dynamic: true }));
    // The graph is the daemon's: session, collectors, MIB, configuration, logger.
    for (const expected of ['daemon/daemon.ts', 'agentx/session.ts', 'http/client.ts', 'mib/build-tree.ts', 'config/load-config.ts', 'daemon/logger.ts']) {
      expect(graph.map(name)).toContain(expected);
    }
    const spawning = graph.filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name);
    expect(spawning).toEqual([]);
  });

  it('no command loads process-starting code before it runs (the demo loads its own on demand)', () => {
    // main.ts loads the module of the command given; each of those, with what it loads at once.
    const commands = sourceFiles(join(SRC, 'cli/commands'));
    expect(commands.map(name)).toContain('cli/commands/demo.ts');
    const graph = sourcesOf(importGraph([join(SRC, 'cli/main.ts'), ...commands]));
    expect(graph.filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name)).toEqual([]);
    // Nor the SNMP manager side, which only doctor and the demo use (it costs the daemon ~6 MiB).
    expect(graph.filter((file) => /from ['"]net-snmp['"]/.test(readFileSync(file, 'utf8'))).map(name)).toEqual([]);
  });

  it('only the demo (snmpd and the net-snmp tools) and the simulator (openssl) use child_process', () => {
    const users = sourceFiles(SRC).filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name).sort();
    expect(users).toEqual(['demo/demo.ts', 'demo/snmpd-process.ts', 'sim/self-signed-cert.ts']);
  });
});
