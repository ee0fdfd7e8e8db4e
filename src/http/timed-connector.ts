import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import type { buildConnector } from 'undici';
import type { TlsSettings } from './tls-options.js';

/** Cumulative times from the start of a probe, as curl -w reports them (time_namelookup, ...). */
export interface ConnectTimings {
  dnsDoneAt: number | null;
  connectDoneAt: number | null;
  tlsDoneAt: number | null;
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`connect timeout after ${ms} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
}

/**
 * An undici connector that resolves, connects and handshakes step by step on a fresh socket,
 * noting when each step ends: the probe's DNS, connect and TLS times.
 */
export function timedConnector(tls: TlsSettings, connectMs: number, timings: ConnectTimings): buildConnector.connector {
  return (options, callback) => {
    const hostname = options.hostname.replace(/^\[|\]$/g, '');
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    let socket: Socket | null = null;
    let settled = false;
    const finish = (error: Error | null, ready: Socket | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket?.destroy();
        callback(error, null);
      } else if (ready) {
        callback(null, ready);
      }
    };
    const timer = setTimeout(() => finish(timeoutError(connectMs), null), connectMs);
    mispLookup(hostname, {}, (lookupError, address) => {
      if (lookupError) return finish(lookupError, null);
      timings.dnsDoneAt = performance.now();
      const plain = netConnect({ host: address as string, port });
      socket = plain;
      plain.once('error', (error) => finish(error, null));
      plain.once('connect', () => {
        timings.connectDoneAt = performance.now();
        if (options.protocol !== 'https:') return finish(null, plain);
        const secure = tlsConnect({
          socket: plain,
          ...(isIP(hostname) ? {} : { servername: options.servername || hostname }),
          rejectUnauthorized: tls.rejectUnauthorized,
          ...(tls.secureContext ? { secureContext: tls.secureContext } : {}),
          ALPNProtocols: ['http/1.1'],
        });
        socket = secure;
        secure.once('error', (error) => finish(error, null));
        secure.once('secureConnect', () => {
          timings.tlsDoneAt = performance.now();
          finish(null, secure);
        });
      });
    });
  };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** RFC 6761 6.4: names under .invalid never resolve; resolvers should fail them without asking anyone. */
function isInvalidName(hostname: string): boolean {
  return /(^|\.)invalid\.?$/i.test(hostname);
}

/**
 * dns.lookup, except that a name under .invalid fails at once with ENOTFOUND, without a query
 * leaving the host (RFC 6761): a configuration placeholder never reaches the site's resolver.
 * Usable as the `lookup` option of net.connect and tls.connect.
 */
export function mispLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (isInvalidName(hostname)) {
    const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
    process.nextTick(() => callback(error, ''));
    return;
  }
  lookup(hostname, options, callback);
}
