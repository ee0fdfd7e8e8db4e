import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generated-files.js';

// Run from dist/mib/, so the package root is two levels up.
const packageRoot = new URL('../../', import.meta.url);

for (const file of generatedFiles()) {
  writeFileSync(fileURLToPath(new URL(file.path, packageRoot)), file.content);
  console.log(`wrote ${file.path}`);
}
