import type { Permission } from './types.js';

/** How the MIB and the docs name each permission. */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  agent: "none (the agent's own data)",
  anonymous: 'none (no API key needed)',
  apiKey: 'any API key (a role with perm_auth)',
  siteAdmin: 'a site-admin API key',
};
