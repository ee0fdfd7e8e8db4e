/** The two actions MISP writes for failed authentication (docs/polling.md, "Failed logins and API authentication failures"). */
export type AuthFailureAction = 'auth_fail' | 'login_fail';

/** A failed-authentication row of MISP's logs table, as the agent keeps it. */
export interface AuthFailureRow {
  readonly id: number;
  readonly action: AuthFailureAction;
  /** The masked API key or the login e-mail and IP, any run of 32+ letters and digits masked again (parse.ts). */
  readonly title: string;
  /** Wall-clock epoch milliseconds of `created`, read as the agent's local time (MISP writes no zone). */
  readonly createdAt: number;
}

export interface AuthFailuresData {
  /** auth_fail rows counted since the agent started (the MIB wraps it as Counter32). */
  readonly authFailures: number;
  /** login_fail rows counted since the agent started. */
  readonly loginFailures: number;
  /** The counted row with the highest id; null before the first. */
  readonly newest: AuthFailureRow | null;
  /** The highest log id known to be read completely: every failure up to it is counted. */
  readonly cursor: number;
  /** Complete windows of 1000 log ids left unread when the last poll hit its bound (at least this many); 0 = caught up. */
  readonly lagWindows: number;
  /** `createdAt` of the newest counted rows (at most MAX_RECENT_FAILURES, oldest first): the burst notification counts them. */
  readonly recent: readonly number[];
}
