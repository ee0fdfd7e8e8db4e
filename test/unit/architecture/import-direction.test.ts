import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../helpers/import-graph.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The layers of src/, lowest first (docs/architecture.md). A file may import its own layer and the
 * layers below, never one above. A path is matched by its longest listed prefix.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/snmp/', 'src/common/', 'src/types/'],
  ['src/agentx/'],
  // An endpoint group's data type is a leaf the domain's snapshot names.
  ['src/domain/', 'src/endpoints/probe/model.ts', 'src/endpoints/version/model.ts', 'src/endpoints/workers/model.ts', 'src/endpoints/statistics/model.ts', 'src/endpoints/diagnostics/model.ts', 'src/endpoints/jobs/model.ts', 'src/endpoints/servers/model.ts', 'src/endpoints/feeds/model.ts', 'src/endpoints/auth-failures/model.ts'],
  ['src/http/', 'src/smi/', 'src/sim/scenario.ts'],
  ['src/endpoints/'],
  ['src/mib/', 'src/poller/', 'src/sim/'],
  ['src/config/', 'src/notify/', 'src/nms/'],
  ['src/daemon/', 'src/demo/'],
  ['src/cli/'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file (type-only ones too: they tie the code the same way), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => match[1] as string);
  return specs.map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
}

function layerOf(path: string): number {
  let best = { layer: -1, length: -1 };
  LAYERS.forEach((prefixes, layer) => {
    for (const prefix of prefixes) if (path.startsWith(prefix) && prefix.length > best.length) best = { layer, length: prefix.length };
  });
  return best.layer;
}

const EDGES = sourceFiles('src').flatMap((file) => importsOf(file).map((target) => ({ file, target, edge: `${file} -> ${target}` })));

describe('imports point down', () => {
  it('places every source file in a layer', () => {
    expect(sourceFiles('src').filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('never imports a layer above its own', () => {
    expect(EDGES.filter(({ file, target }) => layerOf(target) > layerOf(file)).map(({ edge }) => edge)).toEqual([]);
  });

  it('keeps the AgentX protocol to itself and src/snmp/: it knows nothing of MISP or the MIB', () => {
    const outward = EDGES.filter(({ file, target }) => file.startsWith('src/agentx/') && !/^src\/(agentx|snmp)\//.test(target)).map(({ edge }) => edge);
    expect(outward).toEqual([]);
  });

  it('keeps the domain free of HTTP and of MIB rendering', () => {
    const domain = EDGES.filter(({ file }) => file.startsWith('src/domain/'));
    expect(domain.filter(({ target }) => /^src\/(http|mib|poller|notify|sim)\//.test(target)).map(({ edge }) => edge)).toEqual([]);
  });

  it('lets the daemon, the CLI, config, notify and the demo reach the MIB only through src/mib/index.ts (and its text renderers through src/mib/render/index.ts)', () => {
    const outside = EDGES.filter(({ file }) => /^src\/(cli|config|daemon|demo|notify|poller|http|domain)\//.test(file));
    const faces = ['src/mib/index.ts', 'src/mib/render/index.ts'];
    expect(outside.filter(({ target }) => target.startsWith('src/mib/') && !faces.includes(target)).map(({ edge }) => edge)).toEqual([]);
  });

  it('starts the daemon without what it never runs: the other commands, the MIB text renderers, the NMS templates, the demo, or yaml for good', () => {
    // main.ts loads the command given (here `run`) with import(); yaml is required for each parse only.
    const loaded = [...importGraph(['src/cli/main.ts', 'src/cli/commands/run.ts'].map((file) => join(ROOT, file)))].map((file) => (file.startsWith(ROOT) ? relative(ROOT, file) : file));
    expect(loaded).toContain('src/daemon/daemon.ts');
    expect(loaded.filter((file) => /^src\/(cli\/commands\/(?!run\.ts)|cli\/doctor\/|mib\/render\/|nms\/|demo\/)/.test(file) || file === 'yaml')).toEqual([]);
  });

  it('keeps an endpoint group out of the MIB assembly: it declares its objects with src/smi/', () => {
    const endpoints = EDGES.filter(({ file }) => file.startsWith('src/endpoints/'));
    expect(endpoints.filter(({ target }) => target.startsWith('src/mib/')).map(({ edge }) => edge)).toEqual([]);
  });

  it('builds the benchmarks on src/, never on test/', () => {
    const bench = sourceFiles('bench').flatMap((file) => importsOf(file).map((target) => `${file} -> ${target}`));
    expect(bench.filter((edge) => edge.includes(' -> test/'))).toEqual([]);
  });
});
