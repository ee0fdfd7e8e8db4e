/**
 * Times are cumulative from the start of the probe, like curl -w's time_namelookup, time_connect,
 * time_appconnect, time_starttransfer and time_total; each probe uses a new connection.
 */
export interface ProbeData {
  readonly endpoint: '/users/heartbeat' | '/servers/getVersion';
  readonly httpStatus: number;
  readonly dnsUs: number;
  readonly connectUs: number;
  /** 0 for plain HTTP. */
  readonly tlsUs: number;
  readonly ttfbUs: number;
  readonly totalUs: number;
}
