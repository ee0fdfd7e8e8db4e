import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimFailure, SimState } from './scenario.js';

export const AUTH_FAILED_TEXT =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.';
export const PERMISSION_TEXT = 'You do not have permission to use this functionality.';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** MISP's JSON error body: the same text as name and message, plus the URL asked for. */
export function sendMispError(response: ServerResponse, status: number, text: string, url: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { name: text, message: text, url }, headers);
}

function sendHtml(response: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
  const page = `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  response.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', 'content-length': Buffer.byteLength(page), ...headers });
  response.end(page);
}

export function sendLoginRedirect(response: ServerResponse): void {
  sendHtml(response, 302, 'Login', { location: '/users/login' });
}

/** Streams `bytes` of JSON-looking filler without a Content-Length, honouring back-pressure. */
function streamHuge(response: ServerResponse, bytes: number): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  response.write('{"padding":"');
  const pump = (): void => {
    while (sent < bytes && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end('"}');
  };
  pump();
}

/** Padding made of many small objects: costly to JSON.parse, as a real large answer would be. Built once per size. */
const paddingCache = new Map<number, Buffer>();
function padding(bytes: number): Buffer {
  let cached = paddingCache.get(bytes);
  if (cached === undefined) {
    const item = '{"id":12345,"name":"filler","ok":true,"n":[1,2,3]},';
    cached = Buffer.from(`[${item.repeat(Math.max(1, Math.floor(bytes / item.length)))}{}]`);
    paddingCache.set(bytes, cached);
  }
  return cached;
}

/** Writes buffers in 256 kB pieces with back-pressure, so the simulator never holds its own event loop. */
function writeInPieces(response: ServerResponse, parts: readonly Buffer[]): void {
  let part = 0;
  let offset = 0;
  const pump = (): void => {
    while (part < parts.length && !response.destroyed) {
      const current = parts[part] as Buffer;
      const piece = current.subarray(offset, offset + 256 * 1024);
      offset += piece.length;
      if (offset >= current.length) {
        part += 1;
        offset = 0;
      }
      if (!response.write(piece)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/** A valid answer made large with an extra "padding" key (objects only; other answers go out as they are). */
function sendLarge(response: ServerResponse, body: unknown, bytes: number): void {
  const text = JSON.stringify(body);
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const parts = isObject ? [Buffer.from(`${text.slice(0, -1)},"padding":`), padding(bytes), Buffer.from('}')] : [Buffer.from(text)];
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': parts.reduce((sum, part) => sum + part.length, 0) });
  writeInPieces(response, parts);
}

/** Sends a valid answer a few bytes at a time, one piece every intervalMs. */
function trickle(response: ServerResponse, body: unknown, pieceBytes: number, intervalMs: number): void {
  const data = Buffer.from(JSON.stringify(body));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': data.length });
  let offset = 0;
  const timer = setInterval(() => {
    if (response.destroyed) return void clearInterval(timer);
    const piece = data.subarray(offset, offset + pieceBytes);
    offset += piece.length;
    if (offset >= data.length) {
      clearInterval(timer);
      response.end(piece);
    } else {
      response.write(piece);
    }
  }, intervalMs);
  response.once('close', () => clearInterval(timer));
}

/** Answers `request` with the failure asked for, in place of `body` (the answer MISP would give). */
export function sendFailure(request: IncomingMessage, response: ServerResponse, failure: SimFailure, body: unknown, state: SimState): void {
  const url = request.url ?? '/';
  switch (failure) {
    case 'authFailed':
      return sendMispError(response, 403, AUTH_FAILED_TEXT, url);
    case 'permissionDenied':
      return sendMispError(response, 403, PERMISSION_TEXT, url);
    case 'forbiddenOther':
      return sendMispError(response, 403, state.forbiddenText, url);
    case 'rateLimited':
      return sendMispError(response, 429, 'Rate limit exceeded.', url, {
        'x-rate-limit-limit': '10',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '60',
      });
    case 'http500':
      return sendHtml(response, 500, 'Internal Server Error');
    case 'http502':
      return sendHtml(response, 502, '502 Bad Gateway');
    case 'http504':
      return sendHtml(response, 504, '504 Gateway Time-out');
    case 'htmlOk':
      return sendHtml(response, 200, 'Users - MISP');
    case 'notFound':
      return sendMispError(response, 404, 'Not Found', url);
    case 'hang':
      return; // never answers; close() drops the connection
    case 'slowBody':
      return trickle(response, body, state.slowBodyChunkBytes, state.slowBodyChunkMs);
    case 'reset':
      request.socket.resetAndDestroy();
      return;
    case 'truncatedJson': {
      const text = JSON.stringify(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    case 'invalidJson':
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('{"stats": {event_count: 12,}');
    case 'hugeBody':
      return streamHuge(response, state.hugeBodyBytes);
    case 'largeValidBody':
      return sendLarge(response, body, state.largeBodyBytes);
    case 'wrongShape':
      return sendJson(response, 200, { unexpected: true });
  }
}
