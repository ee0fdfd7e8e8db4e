import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OID_ROOT_EXPECTED, parseOidRoot } from '../config/oid-root.js';
import { DEFAULT_ROOT } from '../mib/root.js';
import { nmsFiles } from './generated-files.js';

// Run from dist/nms/, so the package root is two levels up.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Writes the Cacti and Zabbix files under nms/ for the default root (npm run nms:generate), or,
 * with --root and --out, for another oidRoot into another directory.
 */
const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
const root = values.root === undefined ? DEFAULT_ROOT : parseOidRoot(values.root);
if (root === undefined) {
  console.error(`--root: got "${values.root}", expected ${OID_ROOT_EXPECTED}`);
  process.exit(2);
}
if (values.root !== undefined && values.out === undefined) {
  console.error('--root needs --out DIR: the files under nms/ are for the default root');
  process.exit(2);
}
const base = values.out === undefined ? packageRoot : resolve(values.out);
for (const file of nmsFiles(root)) {
  const path = resolve(base, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
  console.log(`wrote ${path}`);
}
