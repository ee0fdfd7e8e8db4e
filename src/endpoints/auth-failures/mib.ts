import { readOnly, tableBranch, wallAgeSeconds } from '../../smi/define.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';
import { COUNTER32, GAUGE32, UNSIGNED32, UTF8_STRING } from '../../smi/syntaxes.js';
import type { AuthFailuresData } from './model.js';

const LOGS = 'POST /admin/logs/index by log id window';
const ROWS_NOT_ATTEMPTS =
  'These are log rows, not attempts: MISP logs a wrong API key once per hour per masked key (unless ' +
  'Security.log_each_individual_auth_fail), a request without a key or with a key of the wrong length twice, ' +
  'and each failed login form attempt once.';

/** Failed logins and API authentication failures per instance, counted since the agent started. */
export const authFailuresTable = tableBranch<AuthFailuresData>({
  name: 'mispAuthFailuresTable',
  arc: 14,
  description:
    "Failed API authentications (MISP log action auth_fail) and failed logins (login_fail) of each MISP instance, read from MISP's " +
    'log by id window so that each poll reads only new rows (docs/polling.md). Opt-in: the poll group authFailures is off by default.',
  entry: { name: 'mispAuthFailuresEntry', description: 'The failed-authentication counts of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispAuthFailuresGroup',
    description: "Failed logins and API authentication failures from each MISP instance's log.",
    compliance: { mandatory: false, description: 'Served only for instances whose authFailures group is on, polled with a site-admin API key.' },
  },
  rows: instanceRows((i) => i.authFailures),
  columns: [
    readOnly({
      name: 'mispAuthFailures',
      arc: 1,
      syntax: COUNTER32,
      units: 'log rows',
      description: `auth_fail rows MISP wrote since the agent started (a wrong, disabled, expired or IP-refused API key). ${ROWS_NOT_ATTEMPTS}`,
      source: `${LOGS}: Log.action auth_fail`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => a.authFailures,
    }),
    readOnly({
      name: 'mispLoginFailures',
      arc: 2,
      syntax: COUNTER32,
      units: 'log rows',
      description: 'login_fail rows MISP wrote since the agent started: one per failed login form attempt (wrong password, unknown user, wrong OTP).',
      source: `${LOGS}: Log.action login_fail`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => a.loginFailures,
    }),
    readOnly({
      name: 'mispAuthFailuresLastAge',
      arc: 3,
      syntax: GAUGE32,
      units: 'seconds',
      description:
        "Seconds since the newest counted auth_fail or login_fail row was written (its created time, MISP's local time read as the agent's). " +
        'No value before the first since the agent started.',
      source: `${LOGS}: Log.created`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => (a.newest === null ? null : wallAgeSeconds(a.newest.createdAt)),
    }),
    readOnly({
      name: 'mispAuthFailuresLastTitle',
      arc: 4,
      syntax: UTF8_STRING,
      description:
        "MISP's title of the newest counted row: the masked API key (first and last 4 characters) or the login e-mail and IP. " +
        'Any run of 32 or more letters and digits is masked the same way by the agent, so a full key never shows. No value before the first.',
      source: `${LOGS}: Log.title`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => a.newest?.title ?? null,
    }),
    readOnly({
      name: 'mispAuthLogCursor',
      arc: 5,
      syntax: UNSIGNED32,
      description: 'The highest log id read completely: every failure up to it is counted. Found at start (the newest row then), it moves 1000 ids at a time.',
      source: `${LOGS}: Log.id`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => a.cursor,
    }),
    readOnly({
      name: 'mispAuthLogLag',
      arc: 6,
      syntax: GAUGE32,
      units: 'windows of 1000 log ids',
      description:
        'Complete windows of 1000 log ids known to be unread after the last poll (at least this many): a poll makes at most 21 requests, ' +
        'and a gap search that found rows beyond a run of unused log ids reports the windows up to them until they are read. 0 = no unread rows are known.',
      source: `${LOGS}: id probes`,
      permission: 'siteAdmin',
      read: (a: AuthFailuresData) => a.lagWindows,
    }),
  ],
});
