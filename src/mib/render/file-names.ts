import { MISP_AGENTX_MIB } from '../module.js';

/** Where the generated files live, relative to the package root. */
export const MIB_FILE = `mibs/${MISP_AGENTX_MIB.moduleName}.txt`;
export const DOCS_FILE = 'docs/mib.md';
