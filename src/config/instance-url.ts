export const INSTANCE_URL_EXPECTED =
  'an http:// or https:// base URL without user:password@, query or fragment, e.g. https://misp.example.org';

/** The base URL without a trailing slash, or undefined when it is not a usable MISP base URL. */
export function parseInstanceUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.hostname === '') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain HTTP to another host sends the API key across the network in clear text. */
export function sendsKeyInClear(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.');
}
