import { Pool } from './undici.js';
import type { Logger } from 'pino';
import type { InstanceConfig } from '../domain/instance-config.js';
import { type HttpAnswer, readBody } from './read-body.js';
import { classifyThrown } from './classify.js';
import { mispLookup } from './timed-connector.js';
import { loadTlsSettings, type TlsSettings } from './tls-options.js';

export interface RequestOptions {
  /** false for /users/heartbeat, which needs no key: the key then is not sent at all. */
  readonly withKey: boolean;
  readonly signal?: AbortSignal;
  /** Instead of timeouts.headersMs, for a request MISP answers only after acting (a connection test). */
  readonly headersMs?: number;
  /** Sent as a JSON POST body (MISP's search filters); without it the request is a GET. */
  readonly json?: unknown;
}

/** Keep-alive connections to one MISP instance; every failure comes out as a classified PollError. */
export class MispHttpClient {
  private readonly base: EndpointBase;
  private readonly tls: TlsSettings;
  private readonly pool: Pool;

  constructor(
    private readonly config: InstanceConfig,
    logger: Logger,
  ) {
    this.base = endpointBase(config.url);
    this.tls = loadTlsSettings(config);
    if (this.base.isHttps && !config.tlsVerify) {
      logger.warn('TLS certificate verification is OFF for this instance (tlsVerify: false): answers could come from anyone');
    }
    this.pool = new Pool(this.base.origin, {
      connections: 4,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: config.timeouts.headersMs,
      // readBody enforces the whole-body deadline; this catches a stall between two chunks too.
      bodyTimeout: config.timeouts.bodyMs,
      connect: {
        timeout: config.timeouts.connectMs,
        lookup: mispLookup,
        rejectUnauthorized: this.tls.rejectUnauthorized,
        ...(this.tls.secureContext ? { secureContext: this.tls.secureContext } : {}),
      },
    });
  }

  get tlsSettings(): TlsSettings {
    return this.tls;
  }

  async request(path: string, options: RequestOptions): Promise<HttpAnswer> {
    if (this.tls.problem) throw this.tls.problem;
    const headers = requestHeaders(options.withKey ? this.config.apiKey : null);
    try {
      const response = await this.pool.request({
        path: this.base.basePath + path,
        ...(options.json === undefined
          ? { method: 'GET', headers }
          : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(options.json) }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.headersMs !== undefined && { headersTimeout: options.headersMs }),
      });
      const length = response.headers['content-length'];
      const body = await readBody(response.body, typeof length === 'string' ? length : undefined, {
        maxBytes: this.config.maxBodyBytes,
        bodyMs: this.config.timeouts.bodyMs,
      });
      return { statusCode: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw classifyThrown(error);
    }
  }

  /** Closes idle connections and aborts open ones, within a bounded time. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The origin undici connects to and the path prefix MISP lives under (https://host/misp -> /misp). */
export interface EndpointBase {
  readonly origin: string;
  readonly basePath: string;
  readonly isHttps: boolean;
}

export function endpointBase(url: string): EndpointBase {
  const parsed = new URL(url);
  return {
    origin: parsed.origin,
    basePath: parsed.pathname.replace(/\/+$/, ''),
    isHttps: parsed.protocol === 'https:',
  };
}

export function requestHeaders(apiKey: string | null): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'misp-agentx' };
  if (apiKey !== null) headers.authorization = apiKey;
  return headers;
}
