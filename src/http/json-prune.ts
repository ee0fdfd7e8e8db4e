/**
 * Bounds a parsed JSON value so that what the parsers (and the structured clone back from the
 * parse worker) handle stays small whatever MISP sent: long strings are cut, long arrays and
 * objects keep their first entries, deep nesting becomes null, and a value with too many nodes
 * is refused. Self-contained on purpose: its source text is also run inside the parse worker.
 */
export function pruneJson(value: unknown): unknown {
  const maxString = 1024;
  const maxEntries = 5000;
  const maxDepth = 16;
  const maxNodes = 200000;
  let nodes = 0;
  const visit = (node: unknown, depth: number): unknown => {
    nodes += 1;
    if (nodes > maxNodes) throw new Error('JSON answer has too many values');
    if (typeof node === 'string') return node.length > maxString ? node.slice(0, maxString) : node;
    if (node === null || typeof node !== 'object') return node;
    if (depth >= maxDepth) return null;
    if (Array.isArray(node)) {
      const kept = node.length > maxEntries ? node.slice(0, maxEntries) : node;
      return kept.map((item) => visit(item, depth + 1));
    }
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const key of Object.keys(node)) {
      if (count >= maxEntries) break;
      count += 1;
      const safeKey = key.length > maxString ? key.slice(0, maxString) : key;
      Object.defineProperty(out, safeKey, {
        value: visit((node as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return visit(value, 0);
}
