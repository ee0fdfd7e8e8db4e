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
