import { DEFAULT_ROOT } from './root.js';
import { renderDocs } from './render/docs.js';
import { DOCS_FILE, MIB_FILE } from './render/file-names.js';
import { renderMib } from './render/mib.js';

/** The files `npm run mib:generate` writes, relative to the package root, and their content. */
export function generatedFiles(): { readonly path: string; readonly content: string }[] {
  return [
    { path: MIB_FILE, content: renderMib(DEFAULT_ROOT) },
    { path: DOCS_FILE, content: renderDocs(DEFAULT_ROOT) },
  ];
}
