import type { Oid } from '../snmp/oid.js';
import { renderDataQueryXml } from './cacti/data-query-xml.js';
import { DATA_QUERIES } from './cacti/queries.js';
import { renderCactiTemplate } from './cacti/template-xml.js';
import { renderZabbixTemplate } from './zabbix/template.js';

/** The Cacti template file; it names the data query files, so one file serves every OID root. */
export const CACTI_TEMPLATE_FILE = 'nms/cacti/misp-agentx-templates.xml';
export const ZABBIX_TEMPLATE_FILE = 'nms/zabbix/misp-agentx.yaml';

/** The NMS files for the agent's OID root, relative to the package root, and their content. */
export function nmsFiles(root: Oid): { readonly path: string; readonly content: string }[] {
  return [
    { path: CACTI_TEMPLATE_FILE, content: renderCactiTemplate(DATA_QUERIES) },
    ...DATA_QUERIES.map((query) => ({ path: `nms/cacti/${query.file}`, content: renderDataQueryXml(query, root) })),
    { path: ZABBIX_TEMPLATE_FILE, content: renderZabbixTemplate(root) },
  ];
}
