/** A PDU, or a part of one, that does not follow RFC 2741's encoding. */
export class AgentxParseError extends Error {
  override readonly name = 'AgentxParseError';
}

/** The stream itself can no longer be trusted (bad header): the session must be closed and reopened. */
export class AgentxFramingError extends Error {
  override readonly name = 'AgentxFramingError';
}
