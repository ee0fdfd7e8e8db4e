import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ENDPOINT_GROUP_LIST } from '../endpoints/index.js';
import { KEY_ROLE_PATH, keyRoleRoute } from '../endpoints/key-role/index.js';
import { AUTH_FAILED_TEXT, PERMISSION_TEXT, sendFailure, sendJson, sendLoginRedirect, sendMispError } from './failures.js';
import { defaultState, type KeyRole, type MispVariant, type SimEndpoint, type SimFailure, SimMispError, type SimRoute, type SimState } from './scenario.js';

export interface SimulatedMispOptions {
  readonly variant?: MispVariant;
  /** Accepted API keys and their roles; default: none, so every keyed call fails authentication. */
  readonly keys?: Record<string, KeyRole>;
  /** PEM key and certificate: serve HTTPS instead of HTTP. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface SimulatedMisp {
  readonly url: string;
  readonly port: number;
  /** The scenario, mutable at any time: the next request sees the change. */
  readonly state: SimState;
  setFailure(endpoint: SimEndpoint | '*', failure: SimFailure | null): void;
  close(): Promise<void>;
}

/** Every path the endpoint groups ask, answered as each group's module says, and the key's role that check and doctor ask. */
const ROUTES: ReadonlyMap<SimEndpoint, SimRoute> = new Map([...ENDPOINT_GROUP_LIST.flatMap((group) => Object.entries(group.simRoutes)), [KEY_ROLE_PATH, keyRoleRoute]]);

/** Every path the simulated MISP answers, in the endpoint groups' order. */
export const SIMULATED_ENDPOINTS: readonly SimEndpoint[] = [...ROUTES.keys()];

/** The body the simulated MISP sends for `endpoint` in `state` (no failure applied). */
export function simulatedAnswer(endpoint: SimEndpoint, state: SimState): unknown {
  const route = ROUTES.get(endpoint);
  if (route === undefined) throw new Error(`the simulated MISP does not answer ${endpoint}`);
  return route.answer(state, { key: '' });
}

const ID_ARGUMENT = /\/(\d{1,9})$/;

/** The route a request reaches and its numeric id argument; /users/statistics/data and a trailing .json reach the same action, as in MISP. */
function endpointOf(url: string): { endpoint: SimEndpoint; id?: number } | null {
  const path = new URL(url, 'http://sim').pathname.replace(/\.json$/, '').replace(/^\/users\/statistics\/data$/, '/users/statistics');
  if (ROUTES.has(path)) return { endpoint: path };
  const id = ID_ARGUMENT.exec(path)?.[1];
  const endpoint = path.replace(ID_ARGUMENT, '/<id>');
  return id !== undefined && ROUTES.has(endpoint) ? { endpoint, id: Number(id) } : null;
}

/** Most bytes of a POST body the simulator reads (1000 log ids are ~8 kB). */
const MAX_POST_BYTES = 1024 * 1024;

/** The request's JSON body, or undefined when it is empty, too large or not JSON (CakePHP then has no request data). */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_POST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function keyOf(request: IncomingMessage): string {
  const header = request.headers.authorization ?? request.headers['x-misp-auth'];
  return Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
}

function count(map: Map<string, number>, key: string, delta: number): number {
  const value = (map.get(key) ?? 0) + delta;
  map.set(key, value);
  return value;
}

/** What MISP decides before the action runs: heartbeat age, key, role, MISP.live. Returns true if it answered. */
function refuseEarly(state: SimState, endpoint: SimEndpoint, route: SimRoute, request: IncomingMessage, response: ServerResponse): boolean {
  const url = request.url ?? '/';
  // Before 2.4.194 there is no heartbeat, and MISP checks the key before routing: a keyless request gets 403.
  if (endpoint === '/users/heartbeat' && state.variant === '2.4.130') {
    sendMispError(response, 403, AUTH_FAILED_TEXT, url);
    return true;
  }
  if (!route.needsKey) return false;
  const role = Object.hasOwn(state.keys, keyOf(request)) ? state.keys[keyOf(request)] : undefined;
  if (role === undefined) {
    sendMispError(response, 403, AUTH_FAILED_TEXT, url);
    return true;
  }
  if (!state.live && role !== 'siteAdmin') {
    sendLoginRedirect(response);
    return true;
  }
  if (route.siteAdminOnly && role !== 'siteAdmin') {
    sendMispError(response, 403, PERMISSION_TEXT, url);
    return true;
  }
  return false;
}

/**
 * A real HTTP(S) server on 127.0.0.1 that answers like MISP (per shared/reference/misp-api.md) for the
 * endpoints the collectors use, and fails in any of MISP's ways on demand. Used by tests and the demo.
 */
export async function startSimulatedMisp(options: SimulatedMispOptions = {}): Promise<SimulatedMisp> {
  const state = defaultState(options.variant ?? '2.5', options.keys ?? {});
  const inFlight = new Map<string, number>();
  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const reached = endpointOf(request.url ?? '/');
    if (reached === null || request.method !== (ROUTES.get(reached.endpoint)?.method ?? 'GET')) {
      return sendMispError(response, 404, 'Not Found', request.url ?? '/');
    }
    const { endpoint, id } = reached;
    count(state.requests, endpoint, 1);
    const concurrent = count(inFlight, endpoint, 1);
    state.maxConcurrent.set(endpoint, Math.max(state.maxConcurrent.get(endpoint) ?? 0, concurrent));
    response.once('close', () => count(inFlight, endpoint, -1));
    const route = ROUTES.get(endpoint) as SimRoute;
    if (refuseEarly(state, endpoint, route, request, response)) return;
    const raw = state.rawBodies.get(endpoint);
    if (raw !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) });
      return void response.end(raw);
    }
    let body: unknown;
    try {
      const posted = route.method === 'POST' ? { body: await jsonBody(request) } : {};
      body = route.answer(state, { key: keyOf(request), ...(id !== undefined && { id }), ...posted });
    } catch (error) {
      if (error instanceof SimMispError) return sendMispError(response, error.status, error.message, request.url ?? '/');
      throw error;
    }
    const failure = state.failures.get(endpoint) ?? state.failures.get('*');
    if (failure) return sendFailure(request, response, failure, body, state);
    sendJson(response, 200, body);
  };
  const listener = (request: IncomingMessage, response: ServerResponse): void => void handler(request, response);
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    state,
    setFailure(endpoint, failure) {
      if (endpoint !== '*' && !ROUTES.has(endpoint)) throw new Error(`the simulated MISP does not answer ${endpoint}`);
      if (failure === null) state.failures.delete(endpoint);
      else state.failures.set(endpoint, failure);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
