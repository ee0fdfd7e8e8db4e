import { randomBytes } from 'node:crypto';
import type { InstanceSnapshot } from '../../domain/snapshot.js';
import { classifyThrown, requireJsonAnswer } from '../../http/classify.js';
import { type RetryBudget, withBoundedRetry } from '../../http/bounded-retry.js';
import { decodeJson } from '../../http/json-decode.js';
import { isRecord } from '../../http/json-values.js';
import { PollError } from '../../http/poll-error.js';
import { probeOnce } from '../../http/timed-probe.js';
import { readOnly } from '../../smi/define.js';
import { GAUGE32, integer32 } from '../../smi/syntaxes.js';
import type { EndpointGroup } from '../endpoint.js';
import type { ProbeData } from './model.js';

const HEARTBEAT = '/users/heartbeat';
const GET_VERSION = '/servers/getVersion';

/** After a heartbeat 404 (MISP before 2.4.194) the probe uses getVersion for this long, then tries again. */
const HEARTBEAT_RECHECK_MS = 3_600_000;

const HEARTBEAT_MISSING: ReadonlySet<PollError['status']> = new Set(['notFound', 'authFailed']);

const PROBE = 'HTTP probe of GET /users/heartbeat (GET /servers/getVersion on MISP before 2.4.194)';

/** An HTTP request timed phase by phase on a new connection: is MISP there, and how fast. */
export const probeGroup: EndpointGroup<'probe'> = {
  name: 'probe',
  defaultIntervalSeconds: 60,
  asks: '/users/heartbeat (or /servers/getVersion on MISP before 2.4.194)',
  keyNeeds: 'anyRole',
  collector: ({ config, client, gate }) => {
    let heartbeatMissingUntil = -Infinity;
    const probeEndpoint = (endpoint: ProbeData['endpoint'], budget: RetryBudget): Promise<ProbeData> =>
      withBoundedRetry(
        (signal) =>
          gate.run(endpoint, async () => {
            // The heartbeat needs no key, so none is sent; the getVersion fallback needs one.
            const result = await probeOnce(config, client.tlsSettings, endpoint, endpoint === GET_VERSION ? config.apiKey : null, signal);
            // A 200 whose JSON is cut or not MISP's is no proof that MISP works.
            const status = result.answer.statusCode;
            const body = await decodeJson(requireJsonAnswer(result.answer).body).catch((error: unknown) => {
              throw new PollError('invalidResponse', `${endpoint}: ${classifyThrown(error).message}`, status);
            });
            if (!isRecord(body)) throw new PollError('invalidResponse', `${endpoint}: the answer is not a JSON object`, status);
            return { endpoint, httpStatus: status, ...result.times };
          }),
        budget,
      );
    return async (budget) => {
      const useHeartbeat = budget.now() >= heartbeatMissingUntil;
      try {
        return await probeEndpoint(useHeartbeat ? HEARTBEAT : GET_VERSION, budget);
      } catch (error) {
        // MISP before 2.4.194 has no heartbeat: it answers 404, or, checking the key before routing,
        // 403 "Authentication failed" to the keyless request. Either way getVersion (with the key) probes.
        if (!useHeartbeat || !(error instanceof PollError) || !HEARTBEAT_MISSING.has(error.status)) throw error;
        heartbeatMissingUntil = budget.now() + HEARTBEAT_RECHECK_MS;
        return probeEndpoint(GET_VERSION, budget);
      }
    };
  },
  instanceColumns: [
    readOnly({
      name: 'mispInstanceProbeDns',
      arc: 12,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the host name was resolved (curl\'s time_namelookup).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.dnsUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeConnect',
      arc: 13,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the TCP connection was open (curl\'s time_connect; includes the name lookup).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.connectUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTls',
      arc: 14,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the TLS handshake was done (curl\'s time_appconnect); 0 for plain HTTP.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.tlsUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTtfb',
      arc: 15,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the first byte of the answer (curl\'s time_starttransfer).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.ttfbUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTotal',
      arc: 16,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe, name resolution included, to the end of the body (curl\'s time_total). The probe times are cumulative, so they never need adding up.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.totalUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeHttpStatus',
      arc: 17,
      syntax: integer32(0, 999),
      description:
        'The HTTP status code of the last probe, failed or not; 0 when the last probe got no HTTP answer ' +
        '(unreachable, timeout, TLS or DNS failure). The probe times above describe the last probe only ' +
        'when it succeeded: a failed probe leaves them without a value.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probeHttpStatus,
    }),
  ],
  simRoutes: {
    [HEARTBEAT]: { answer: () => ({ message: randomBytes(8).toString('hex') }), needsKey: false, siteAdminOnly: false },
  },
};
