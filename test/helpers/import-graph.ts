import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Imports and re-exports that load a module when the importer loads (`import type` is erased by tsc).
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)[^;]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm;
// Any import, import() included: what a module may load at some point.
const ANY_IMPORT = /(?:from|import\(?)\s*['"]([^'"]+)['"]/g;

/**
 * The source files (absolute .ts paths) and packages (by name) that loading `from` loads at once,
 * following relative imports; with `dynamic`, also what import() may load later.
 */
export function importGraph(from: readonly string[], options: { readonly dynamic?: boolean } = {}): Set<string> {
  const pattern = options.dynamic === true ? ANY_IMPORT : STATIC_IMPORT;
  const seen = new Set<string>();
  const pending = [...from];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const spec = (match[1] ?? match[2]) as string;
      pending.push(spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : spec);
    }
  }
  return seen;
}
