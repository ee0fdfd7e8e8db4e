/** The AgentX session's life cycle. The numbers are the MIB's enumeration. */
export const SESSION_STATE_CODES = {
  disconnected: 1,
  connecting: 2,
  opening: 3,
  registering: 4,
  ready: 5,
  closing: 6,
  stopped: 7,
} as const;
export type SessionState = keyof typeof SESSION_STATE_CODES;
