import type { SessionState } from '../agentx/session-state.js';

/** The daemon's own state, served in the agent branch. */
export interface AgentStatus {
  readonly version: string;
  /** performance.now() when the daemon started. */
  readonly startedAt: number;
  readonly instanceCount: number;
  /** Read at request time: the session changes state without a new tree. */
  readonly sessionState: () => SessionState;
  /** Read at request time: the notifier's tallies since the agent started. */
  readonly notifications: () => NotificationTally;
}

/** What became of the notifications the agent decided to send. */
export interface NotificationTally {
  readonly sent: number;
  /** Due now but waiting for the rate limit or the AgentX session. */
  readonly held: number;
  /** Never sent: the condition went back before the rate limit or the session allowed it. */
  readonly dropped: number;
}
