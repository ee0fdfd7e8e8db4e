import { readFileSync } from 'node:fs';
import { type SecureContext, createSecureContext } from 'node:tls';
import type { InstanceConfig } from '../domain/instance-config.js';
import { PollError } from './poll-error.js';

export interface TlsSettings {
  readonly rejectUnauthorized: boolean;
  /**
   * The certificates trusted, parsed once (parsing a system bundle takes ~20 ms, too much for every
   * connection): config.caFile instead of the system store when set, as curl --cacert does;
   * otherwise the system store. Absent only when neither exists: Node's bundled roots then.
   */
  readonly secureContext?: SecureContext;
  /** Set when caFile could not be read: every request then fails with this instead of trusting less. */
  readonly problem?: PollError;
}

/**
 * The system's CA bundles, as OpenSSL-based tools find them: $SSL_CERT_FILE first, then where
 * Debian/Ubuntu (update-ca-certificates), RHEL/Rocky (update-ca-trust), SUSE and Alpine keep theirs.
 * Node itself trusts its own bundled copy of Mozilla's list unless built or started to use OpenSSL's
 * store (Debian's nodejs is; the NodeSource and nodejs.org builds are not), so a CA an admin added
 * would be trusted by one Node and not another. Reading the bundle makes every Node agree.
 */
function systemBundlePaths(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = env['SSL_CERT_FILE'];
  return [
    ...(fromEnv === undefined || fromEnv === '' ? [] : [fromEnv]),
    '/etc/ssl/certs/ca-certificates.crt',
    '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
    '/etc/pki/tls/certs/ca-bundle.crt',
    '/etc/ssl/ca-bundle.pem',
    '/etc/ssl/cert.pem',
  ];
}

/** The first readable system bundle, or undefined (Node's bundled roots are then used). */
export function readSystemBundle(env: NodeJS.ProcessEnv = process.env): { readonly path: string; readonly pem: Buffer } | undefined {
  for (const path of systemBundlePaths(env)) {
    try {
      const pem = readFileSync(path);
      if (pem.includes('-----BEGIN CERTIFICATE-----')) return { path, pem };
    } catch {
      // Not on this distribution; try the next.
    }
  }
  return undefined;
}

export function loadTlsSettings(config: InstanceConfig, env: NodeJS.ProcessEnv = process.env): TlsSettings {
  const rejectUnauthorized = config.tlsVerify;
  if (config.caFile === undefined) {
    const system = readSystemBundle(env);
    return system === undefined ? { rejectUnauthorized } : { rejectUnauthorized, secureContext: createSecureContext({ ca: system.pem }) };
  }
  try {
    return { rejectUnauthorized, secureContext: createSecureContext({ ca: readFileSync(config.caFile) }) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      rejectUnauthorized,
      problem: new PollError('tlsError', `cannot read CA file ${config.caFile}: ${typeof code === 'string' ? code : (error as Error).message}`),
    };
  }
}
