import { SESSION_STATE_CODES, type SessionState } from '../agentx/session-state.js';
import { GROUP_INDEX, STATUS_CODES, type GroupName, type Status } from '../domain/snapshot.js';
import {
  clampedCounter64,
  clampedGauge32,
  counter32,
  integer,
  octetString,
  timeTicks,
  type SnmpValue,
} from '../snmp/value.js';
import { boundedUtf8, MAX_TEXT_BYTES } from '../common/text.js';
import type { MibImport, Syntax } from './types.js';

const UINT32_RANGE = 2 ** 32;
const smi = (name: string): MibImport => ({ module: 'SNMPv2-SMI', name });
const tc = (name: string): MibImport => ({ module: 'SNMPv2-TC', name });
const TEXTUAL_CONVENTION = tc('TEXTUAL-CONVENTION');

function clampInteger(n: number, min: number, max: number): SnmpValue {
  const whole = Number.isFinite(n) ? Math.trunc(n) : min;
  return integer(Math.min(max, Math.max(min, whole)));
}

/** An Integer32 with a range; out-of-range input is clamped, since it comes from MISP. */
export function integer32(min: number, max: number): Syntax<number> {
  return {
    name: 'Integer32',
    range: `(${min}..${max})`,
    valueType: 'Integer',
    imports: [smi('Integer32')],
    encode: (n) => clampInteger(n, min, max),
  };
}

/** A level that can rise and fall, clamped to 0..2^32-1. */
export const GAUGE32: Syntax<number> = { name: 'Gauge32', valueType: 'Gauge32', imports: [smi('Gauge32')], encode: clampedGauge32 };

/** A number that only orders, not a level; same wire type as Gauge32. */
export const UNSIGNED32: Syntax<number> = { name: 'Unsigned32', valueType: 'Gauge32', imports: [smi('Unsigned32')], encode: clampedGauge32 };

/** Counts up since the agent started and wraps at 2^32, as Counter32 does. */
export const COUNTER32: Syntax<number> = {
  name: 'Counter32',
  valueType: 'Counter32',
  imports: [smi('Counter32')],
  encode: (n) => counter32(Number.isFinite(n) && n > 0 ? Math.floor(n) % UINT32_RANGE : 0),
};

/** Hundredths of a second, wrapping at 2^32 as sysUpTime does. */
export const TIME_TICKS: Syntax<number> = {
  name: 'TimeTicks',
  valueType: 'TimeTicks',
  imports: [smi('TimeTicks')],
  encode: (n) => timeTicks(Number.isFinite(n) && n > 0 ? Math.floor(n) % UINT32_RANGE : 0),
};

export const TRUTH_VALUE: Syntax<boolean> = {
  name: 'TruthValue',
  enumeration: { true: 1, false: 2 },
  valueType: 'Integer',
  imports: [tc('TruthValue')],
  encode: (b) => integer(b ? 1 : 2),
};

export const GAUGE64: Syntax<number | bigint> = {
  name: 'MispGauge64',
  baseSyntax: 'Counter64',
  convention: {
    name: 'MispGauge64',
    displayHint: 'd',
    description:
      'A non-negative level that may rise and fall and may exceed 2^32-1, carried in a Counter64 ' +
      'because SMIv2 has no 64-bit gauge; the same convention as CounterBasedGauge64 in RFC 2856 ' +
      '(HCNUM-TC). Values larger than 2^64-1 are reported as 2^64-1. Unlike a counter, the value ' +
      'is meaningful on its own: do not compute rates from it.',
  },
  valueType: 'Counter64',
  imports: [TEXTUAL_CONVENTION, smi('Counter64')],
  encode: clampedCounter64,
};

export const UTF8_STRING: Syntax<string> = {
  name: 'MispUtf8String',
  baseSyntax: `OCTET STRING (SIZE (0..${MAX_TEXT_BYTES}))`,
  convention: {
    name: 'MispUtf8String',
    displayHint: `${MAX_TEXT_BYTES}t`,
    description:
      'Text in UTF-8, as SnmpAdminString (RFC 3411) defines it, without importing SNMP-FRAMEWORK-MIB. ' +
      `The agent replaces control characters with spaces and cuts longer text to ${MAX_TEXT_BYTES} ` +
      'bytes on a character boundary.',
  },
  valueType: 'OctetString',
  imports: [TEXTUAL_CONVENTION],
  encode: (s) => octetString(boundedUtf8(s)),
};

export function enumerated<T extends string>(
  name: string,
  codes: Readonly<Record<T, number>>,
  description: string,
): Syntax<T> {
  return {
    name,
    baseSyntax: 'INTEGER',
    enumeration: codes,
    convention: { name, description },
    valueType: 'Integer',
    imports: [TEXTUAL_CONVENTION],
    encode: (label) => integer(codes[label]),
  };
}

/** What each status means: in the TC's DESCRIPTION and in docs/mib.md. */
export const STATUS_MEANINGS: Readonly<Record<Status, string>> = {
  ok: 'the last poll succeeded',
  degraded:
    'MISP answered, but a poll group fails or MISP shows a problem: workers missing or not ok, a queue not ok, ' +
    'supervisord down, a database schema mismatch, database updates locked',
  unreachable: 'no TCP connection (refused, reset, no route)',
  authFailed: 'MISP refused the API key (wrong, expired, disabled user, IP restriction)',
  permissionDenied: "the key is valid but its role may not call this endpoint (e.g. a non-site-admin key on getWorkers)",
  invalidResponse: 'an answer that is not the expected JSON (an HTML error page, a proxy page, a changed format)',
  maintenance:
    'MISP is in maintenance or updating its database: its MISP.live setting is off (a site-admin key still gets ' +
    'answers), or MISP redirects the key to the login page',
  timeout: 'no complete answer within the configured timeouts',
  tlsError: 'the TLS handshake or certificate verification failed',
  dnsError: 'the host name did not resolve',
  rateLimited: 'MISP answered 429 Rate limit exceeded',
  serverError: 'MISP or a proxy answered an HTTP 5xx status',
  notFound: 'the endpoint does not exist on this MISP version (HTTP 404)',
  notYetPolled: 'no poll has finished since the agent started',
  disabled: 'polling of this group is switched off in the configuration',
  tooLarge: 'the answer was larger than the configured maximum and was refused',
};

export const STATUS: Syntax<Status> = enumerated(
  'MispStatus',
  STATUS_CODES,
  'The health of a MISP instance or of one of its poll groups: ' +
    Object.entries(STATUS_MEANINGS)
      .map(([label, meaning]) => `${label}, ${meaning}`)
      .join('; ') +
    '.',
);

export const SESSION_STATE: Syntax<SessionState> = enumerated(
  'MispAgentxSessionState',
  SESSION_STATE_CODES,
  "The state of the agent's AgentX session with the master agent. A value read through the master " +
    'agent is normally ready; the other states show in the agent\'s own check command and logs.',
);

export const POLL_GROUP: Syntax<GroupName> = enumerated(
  'MispPollGroup',
  GROUP_INDEX,
  'A group of MISP endpoints polled together on its own interval: probe (an HTTP request timed ' +
    'phase by phase), version (/servers/getVersion), workers (/servers/getWorkers), statistics ' +
    '(/users/statistics), diagnostics (the site-admin diagnostics endpoints), jobs (/jobs/index), servers (/servers/index), feeds (/feeds/index), authFailures (new rows of /admin/logs/index, read by id). ' +
    'Number 6 (an earlier authFailures that was never collected) was retired and is not reused.',
);

/**
 * The textual conventions shared by the whole module; an endpoint group adds its own (in
 * EndpointGroup.conventions), listed between these and the string types.
 */
export const SHARED_CONVENTIONS = [STATUS, SESSION_STATE, POLL_GROUP];
export const STRING_CONVENTIONS = [UTF8_STRING, GAUGE64];
