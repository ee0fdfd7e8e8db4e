import { createRequire } from 'node:module';
import type * as undici from 'undici';

/*
 * The parts of undici the daemon uses, each from its own file. The package's index also loads
 * fetch, WebSocket, EventSource, the mock agents and the cache, about 3 MiB of RSS for nothing the
 * daemon calls (docs/benchmarks.md, "Memory"). undici 6 has no exports map, so these paths
 * resolve; the types are the index's. test/unit/http/undici.test.ts checks they are the same classes.
 */
const require = createRequire(import.meta.url);

const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
// What undici's index does: the request API on every dispatcher (Pool, Client, Agent).
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js') as object);

export const Pool = require('undici/lib/dispatcher/pool.js') as typeof undici.Pool;
export type Pool = undici.Pool;
export const Client = require('undici/lib/dispatcher/client.js') as typeof undici.Client;
export type Client = undici.Client;

const { getGlobalDispatcher } = require('undici/lib/global.js') as { getGlobalDispatcher: typeof undici.getGlobalDispatcher };

/** undici's `request(url, options)`: one request through the shared global dispatcher (an Agent). */
export function request(url: URL, options: Omit<undici.Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<undici.Dispatcher.ResponseData> {
  return getGlobalDispatcher().request({ ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}
