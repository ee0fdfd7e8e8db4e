import { Client } from './undici.js';
import { performance } from 'node:perf_hooks';
import type { InstanceConfig } from '../domain/instance-config.js';
import type { HttpAnswer } from './read-body.js';
import { classifyThrown } from './classify.js';
import { endpointBase, requestHeaders } from './client.js';
import { readBody } from './read-body.js';
import type { TlsSettings } from './tls-options.js';
import { timedConnector, type ConnectTimings } from './timed-connector.js';

/** Microseconds from the start of the probe, cumulative like curl -w's time_* values. */
export interface ProbeTimes {
  readonly dnsUs: number;
  readonly connectUs: number;
  /** 0 for plain HTTP. */
  readonly tlsUs: number;
  readonly ttfbUs: number;
  readonly totalUs: number;
}

export interface ProbeResult {
  readonly answer: HttpAnswer;
  readonly times: ProbeTimes;
}

const toUs = (start: number, at: number | null): number => (at === null ? 0 : Math.max(0, Math.round((at - start) * 1000)));

/**
 * One request on a connection of its own (never a pooled, already open one), so DNS, connect and
 * TLS are measured every time, as `curl -w` measured them for the Cacti graph. Times are
 * cumulative from the start, in microseconds; tlsUs is 0 for plain HTTP (curl's time_appconnect).
 */
export async function probeOnce(
  config: InstanceConfig,
  tls: TlsSettings,
  path: string,
  apiKey: string | null,
  signal: AbortSignal,
): Promise<ProbeResult> {
  if (tls.problem) throw tls.problem;
  const base = endpointBase(config.url);
  const timings: ConnectTimings = { dnsDoneAt: null, connectDoneAt: null, tlsDoneAt: null };
  const client = new Client(base.origin, {
    connect: timedConnector(tls, config.timeouts.connectMs, timings),
    headersTimeout: config.timeouts.headersMs,
    bodyTimeout: config.timeouts.bodyMs,
    pipelining: 1,
  });
  const start = performance.now();
  try {
    const response = await client.request({
      path: base.basePath + path,
      method: 'GET',
      headers: requestHeaders(apiKey),
      signal,
    });
    const firstByteAt = performance.now();
    const length = response.headers['content-length'];
    const body = await readBody(response.body, typeof length === 'string' ? length : undefined, {
      maxBytes: config.maxBodyBytes,
      bodyMs: config.timeouts.bodyMs,
    });
    const doneAt = performance.now();
    const answer: HttpAnswer = { statusCode: response.statusCode, headers: response.headers, body };
    return {
      answer,
      times: {
        dnsUs: toUs(start, timings.dnsDoneAt),
        connectUs: toUs(start, timings.connectDoneAt),
        tlsUs: toUs(start, timings.tlsDoneAt),
        ttfbUs: toUs(start, firstByteAt),
        totalUs: toUs(start, doneAt),
      },
    };
  } catch (error) {
    throw classifyThrown(error);
  } finally {
    void client.destroy().catch(() => undefined);
  }
}

