import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../../src');
const CHILD_PROCESS = /from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)|import\(['"](node:)?child_process['"]\)/;
const RELATIVE_IMPORT = /(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g;
// Static imports and re-exports that load a module at run time (`import type` is erased by tsc).
const STATIC_RELATIVE_IMPORT = /^(?:import|export)\s+(?!type\s)[^;]*?from\s*['"](\.{1,2}\/[^'"]+)\.js['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module `from` loads, following relative imports (static and dynamic, or static only). */
function importGraph(from: string, imports: RegExp = RELATIVE_IMPORT): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(imports)) visit(resolve(dirname(file), `${match[1]}.ts`));
  };
  visit(from);
  return seen;
}

const name = (file: string): string => relative(SRC, file);

describe('no shell-outs', () => {
  it('nothing that `misp-agentx run` loads can start a process', () => {
    const graph = importGraph(join(SRC, 'cli/commands/run.ts'));
    // The graph is the daemon's: session, collectors, MIB, configuration, logger.
    for (const expected of ['daemon/daemon.ts', 'agentx/session.ts', 'http/client.ts', 'mib/build-tree.ts', 'config/load-config.ts', 'daemon/logger.ts']) {
      expect([...graph].map(name)).toContain(expected);
    }
    const spawning = [...graph].filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name);
    expect(spawning).toEqual([]);
  });

  it('no command loads process-starting code before it runs (the demo loads its own on demand)', () => {
    const graph = importGraph(join(SRC, 'cli/main.ts'), STATIC_RELATIVE_IMPORT);
    expect([...graph].map(name)).toContain('cli/commands/demo.ts');
    expect([...graph].filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name)).toEqual([]);
    // Nor the SNMP manager side, which only doctor and the demo use (it costs the daemon ~6 MiB).
    expect([...graph].filter((file) => /from ['"]net-snmp['"]/.test(readFileSync(file, 'utf8'))).map(name)).toEqual([]);
  });

  it('only the demo (snmpd and the net-snmp tools) and the simulator (openssl) use child_process', () => {
    const users = sourceFiles(SRC).filter((file) => CHILD_PROCESS.test(readFileSync(file, 'utf8'))).map(name).sort();
    expect(users).toEqual(['demo/demo.ts', 'demo/snmpd-process.ts', 'sim/self-signed-cert.ts']);
  });
});
