/** The MIB's text renderers, for what prints the MIB file and its docs: the daemon does not load them. */
export { renderDocs } from './docs.js';
export { renderMib } from './mib.js';
