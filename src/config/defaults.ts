import { DEFAULT_ROOT } from '../mib/index.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../domain/instance-config.js';
import { DEFAULT_INTERVALS } from '../endpoints/index.js';
import type { ConfigDefaults } from './types.js';

/** The defaults the daemon runs with: the collectors' poll settings and the MIB's root. */
export const PRODUCTION_DEFAULTS: ConfigDefaults = {
  oidRoot: DEFAULT_ROOT,
  intervals: DEFAULT_INTERVALS,
  timeouts: DEFAULT_TIMEOUTS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};
