import { readFileSync } from 'node:fs';
import type { InstanceConfig } from './instance-config.js';
import { PollError } from './poll-error.js';

export interface TlsSettings {
  readonly rejectUnauthorized: boolean;
  /** Extra trust from config.caFile (it replaces the system store, as curl --cacert does). */
  readonly ca?: Buffer;
  /** Set when caFile could not be read: every request then fails with this instead of trusting less. */
  readonly problem?: PollError;
}

export function loadTlsSettings(config: InstanceConfig): TlsSettings {
  const rejectUnauthorized = config.tlsVerify;
  if (config.caFile === undefined) return { rejectUnauthorized };
  try {
    return { rejectUnauthorized, ca: readFileSync(config.caFile) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      rejectUnauthorized,
      problem: new PollError('tlsError', `cannot read CA file ${config.caFile}: ${typeof code === 'string' ? code : 'error'}`),
    };
  }
}
