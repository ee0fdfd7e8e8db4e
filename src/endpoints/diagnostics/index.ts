import type { EndpointGroup } from '../endpoint.js';
import { criticalSettingTable, diagnosticsTable, GNUPG_STATUS, MODULES_STATUS, moduleTable, PROXY_STATUS, STIX_STATUS, ZMQ_STATUS } from './mib.js';
import { CriticalSettingsMemory, parseDbSchema, parseSettingsReport } from './parse.js';
import { dbSchemaAnswer, settingsAnswer } from './sim.js';

const DB_SCHEMA = '/servers/dbSchemaDiagnostic';
const SETTINGS = '/servers/serverSettings';

/** Site admin only; serverSettings is MISP's heavy report, so this group is off by default. */
export const diagnosticsGroup: EndpointGroup<'diagnostics'> = {
  name: 'diagnostics',
  defaultIntervalSeconds: 0,
  asks: `${DB_SCHEMA} and ${SETTINGS}`,
  keyNeeds: 'siteAdmin',
  collector: ({ fetchJson }) => {
    const memory = new CriticalSettingsMemory();
    return async (budget) => {
      const schema = parseDbSchema(await fetchJson(DB_SCHEMA, budget));
      const report = parseSettingsReport(await fetchJson(SETTINGS, budget));
      return { ...schema, ...report, criticalSettings: memory.keep(report.criticalSettings) };
    };
  },
  conventions: [MODULES_STATUS, GNUPG_STATUS, STIX_STATUS, ZMQ_STATUS, PROXY_STATUS],
  tables: [diagnosticsTable, criticalSettingTable, moduleTable],
  simRoutes: {
    [DB_SCHEMA]: { answer: dbSchemaAnswer, needsKey: true, siteAdminOnly: true },
    [SETTINGS]: { answer: settingsAnswer, needsKey: true, siteAdminOnly: true },
  },
};
