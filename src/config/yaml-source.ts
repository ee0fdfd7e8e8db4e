import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import { redactSecrets } from '../common/secrets.js';
import { type ConfigPath, ConfigError } from './issues.js';

/** A parsed configuration file that can say where each path of it was written. */
export interface YamlSource {
  readonly value: unknown;
  /** "file:line:col" of the key (or item) at `path`, or undefined if it is not written in the file. */
  locate(path: ConfigPath): string | undefined;
}

type Yaml = typeof import('yaml');

/**
 * The yaml package for one parse: it is 72 modules that the daemon needs only at start and on a
 * reload, and keeping them loaded held about 0.7 MiB of heap (docs/benchmarks.md). Loaded with a
 * require of its own and taken out of require's cache again afterwards, so that nothing keeps
 * them alive; what another importer had loaded before stays.
 */
function withYaml<T>(use: (yaml: Yaml) => T): T {
  const require = createRequire(import.meta.url);
  const loadedBefore = new Set(Object.keys(require.cache));
  try {
    return use(require('yaml') as Yaml);
  } finally {
    for (const file of Object.keys(require.cache)) if (!loadedBefore.has(file)) delete require.cache[file];
  }
}

function nodeAt(yaml: Yaml, document: Document, path: ConfigPath): Node | undefined {
  const { isMap, isScalar, isSeq } = yaml;
  let node: unknown = document.contents;
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === part);
      if (pair === undefined) return undefined;
      // For the last part, point at the key: that is where the admin looks.
      node = i === path.length - 1 ? pair.key : pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
    } else {
      return undefined;
    }
  }
  return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
}

/** Parses YAML; a syntax error is a ConfigError with its line and column (never the source line: it may hold a key). */
export function parseYamlSource(text: string, file: string): YamlSource {
  return withYaml((yaml) => parseWith(yaml, text, file));
}

function parseWith(yaml: Yaml, text: string, file: string): YamlSource {
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const position = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => ({
      path: '',
      where: position(error.pos[0]),
      message: `YAML syntax error: ${redactSecrets(error.message.split('\n')[0] ?? error.code)}`,
    }));
    throw new ConfigError(file, issues);
  }
  return {
    value: document.toJS({ maxAliasCount: 100 }) as unknown,
    locate(path) {
      for (let length = path.length; length > 0; length--) {
        const range = nodeAt(yaml, document, path.slice(0, length))?.range;
        if (range) return position(range[0]);
      }
      return undefined;
    },
  };
}
