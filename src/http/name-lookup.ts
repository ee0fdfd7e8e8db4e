import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';

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
