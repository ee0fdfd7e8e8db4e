/**
 * The MIB layer's public face: the daemon, the CLI, notify, config and the demo import the MIB
 * through here only. (src/endpoints/ declares its objects with src/smi/, and the NMS
 * generators read the placed objects, below this face.) The MIB text renderers have their own
 * face, ./render/index.ts, so that the daemon, which never prints the MIB, does not load them.
 */
export { buildTree } from './build-tree.js';
export type { NotificationInfo } from '../smi/types.js';
export { NOTIFICATIONS_ARC } from './layout.js';
export { MISP_AGENTX_NOTIFICATIONS } from './module.js';
export { listOids, objectOid, renderOidList, type OidListing } from './oid-list.js';
export { arcsOf, instanceArcs } from './placed-objects.js';
export { DEFAULT_ROOT } from './root.js';
export { mibSearchPath } from './search-path.js';
export { listServedValues, type ServedValue } from './served-values.js';
