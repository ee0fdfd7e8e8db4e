import type { SessionState } from '../agentx/session-state.js';

/** The daemon's own state, served in the agent branch. */
export interface AgentStatus {
  readonly version: string;
  /** performance.now() when the daemon started. */
  readonly startedAt: number;
  readonly instanceCount: number;
  /** Read at request time: the session changes state without a new tree. */
  readonly sessionState: () => SessionState;
}
