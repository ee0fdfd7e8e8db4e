/** The MIB layer's public API: what the daemon and the CLI use. */
export type { AgentStatus } from '../domain/agent-status.js';
export { buildTree } from './build-tree.js';
export { listOids, objectOid, renderOidList, type OidListing } from './oid-list.js';
export { renderDocs } from './render/docs.js';
export { renderMib } from './render/mib.js';
export { DEFAULT_ROOT } from './root.js';
export { listServedValues, type ServedValue } from './served-values.js';
