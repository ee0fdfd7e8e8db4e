import type { InstanceSnapshot } from '../../domain/snapshot.js';
import { invalid, isRecord, readText } from '../../http/json-values.js';
import { readOnly } from '../../smi/define.js';
import { UNSIGNED32, UTF8_STRING } from '../../smi/syntaxes.js';
import { type SimState, versionText } from '../../sim/scenario.js';
import type { EndpointGroup } from '../endpoint.js';
import type { VersionData } from './model.js';

const GET_VERSION = '/servers/getVersion';
const VERSION = 'GET /servers/getVersion: version';

/** "2.4.130" -> 2004130; leading digits only, so "2.5.1-rc1" still reads as 2.5.1. */
export function versionNumber(text: string): number {
  const match = /^v?(\d{1,4})\.(\d{1,3})\.(\d{1,3})/.exec(text.trim());
  if (!match) throw invalid('version', `"${text}" is not major.minor.patch`);
  const [, major, minor, patch] = match;
  return Number(major) * 1_000_000 + Number(minor) * 1_000 + Number(patch);
}

/** /servers/getVersion: {"version":"2.5.1", ...}; 2.4.130 sends only version, perm_sync, perm_sighting. */
export function parseVersion(body: unknown): VersionData {
  if (!isRecord(body)) throw invalid('getVersion', 'answer is not a JSON object');
  const text = readText(body.version, 'getVersion.version', 32);
  return { text, number: versionNumber(text) };
}

/** ServersController::getVersion as each simulated variant answers it. */
function versionAnswer(state: SimState): unknown {
  const version = versionText(state.variant);
  if (state.variant === '2.4.130') return { version, perm_sync: false, perm_sighting: false };
  return {
    version,
    pymisp_recommended_version: version,
    perm_sync: false,
    perm_sighting: false,
    perm_galaxy_editor: false,
    perm_analyst_data: false,
    uuid: '-',
    request_encoding: ['gzip', 'br'],
    filter_sightings: true,
  };
}

/** The MISP version, as text and as one number that orders correctly. */
export const versionGroup: EndpointGroup<'version'> = {
  name: 'version',
  defaultIntervalSeconds: 3600,
  asks: GET_VERSION,
  keyNeeds: 'anyRole',
  collector: ({ fetchJson }) => async (budget) => parseVersion(await fetchJson(GET_VERSION, budget)),
  instanceColumns: [
    readOnly({
      name: 'mispInstanceVersion',
      arc: 10,
      syntax: UTF8_STRING,
      description: 'The MISP version as MISP reports it, e.g. 2.5.1.',
      source: VERSION,
      permission: 'apiKey',
      read: (i: InstanceSnapshot) => i.version?.text ?? null,
    }),
    readOnly({
      name: 'mispInstanceVersionNumber',
      arc: 11,
      syntax: UNSIGNED32,
      description:
        'The MISP version as one number that orders correctly: major * 1000000 + minor * 1000 + patch, ' +
        'so 2.4.130 is 2004130 and 2.5.1 is 2005001.',
      source: VERSION,
      permission: 'apiKey',
      read: (i: InstanceSnapshot) => i.version?.number ?? null,
    }),
  ],
  simRoutes: {
    [GET_VERSION]: { answer: versionAnswer, needsKey: true, siteAdminOnly: false },
  },
};
