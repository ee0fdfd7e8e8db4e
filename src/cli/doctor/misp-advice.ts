import type { GroupName, Status } from '../../domain/snapshot.js';
import { ENDPOINT_GROUPS } from '../../endpoints/index.js';

/** What an admin should do about a poll group's status; '' when there is nothing to do. */
export function adviceFor(status: Status, group: GroupName, instancePath: string): string {
  const advice: Readonly<Record<Status, string>> = {
    ok: '',
    disabled: '',
    notYetPolled: 'the poll did not finish; run doctor again, or raise the timeouts',
    degraded: 'MISP answered but reports a problem (dead or wrong-user workers, a queue not ok): see Administration > Workers in MISP',
    unreachable: 'cannot connect: check the url, that MISP\'s web server runs, and any firewall in between',
    dnsError: 'the host name does not resolve: check the url and this host\'s DNS',
    timeout: `MISP did not answer in time: check its load, or raise ${instancePath}.timeouts`,
    tlsError: `TLS failed: if MISP\'s certificate comes from a private CA, add that CA to the system store (update-ca-certificates) or set ${instancePath}.caFile to it (PEM)`,
    authFailed: 'MISP refused the key: use the user\'s current key, check the user is enabled and its role has "Auth key access" (perm_auth)',
    permissionDenied: `the key may not call ${ENDPOINT_GROUPS[group].asks} (site admins only): use a site-admin key (docs/install.md), or set ${instancePath}.intervals.${group}: 0`,
    maintenance: 'MISP is in maintenance or updating its database (MISP.live off): non-admin keys are redirected to the login page',
    rateLimited: `MISP rate-limits this key: raise ${instancePath}.intervals.${group}`,
    serverError: 'MISP answered with a server error: see MISP\'s logs (app/tmp/logs/error.log) and the web server\'s',
    notFound: `${ENDPOINT_GROUPS[group].asks} was not found: check the url is MISP\'s base URL and the MISP version`,
    invalidResponse: 'the answer was not what MISP sends: check the url points at MISP itself, not a proxy or login page',
    tooLarge: `the answer is larger than ${instancePath}.maxBodyBytes: raise it`,
  };
  return advice[status];
}
