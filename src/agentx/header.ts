import { AGENTX_VERSION, FLAG, HEADER_SIZE, MAX_PAYLOAD_SIZE } from './constants.js';
import { AgentxFramingError } from './errors.js';
import type { PduIds } from './pdu.js';

export interface FrameHeader extends PduIds {
  readonly typeCode: number;
  readonly flags: number;
  readonly payloadLength: number;
  readonly littleEndian: boolean;
}

/**
 * Reads the 20-byte common header (section 6.1) at `at`. A header that breaks the framing rules
 * (version, payload length) means the byte stream cannot be followed any further.
 */
export function decodeHeader(buffer: Buffer, at = 0): FrameHeader {
  const version = buffer[at] as number;
  const typeCode = buffer[at + 1] as number;
  const flags = buffer[at + 2] as number;
  const littleEndian = (flags & FLAG.networkByteOrder) === 0;
  const u32 = (offset: number): number => (littleEndian ? buffer.readUInt32LE(at + offset) : buffer.readUInt32BE(at + offset));
  const header = { typeCode, flags, littleEndian, sessionId: u32(4), transactionId: u32(8), packetId: u32(12), payloadLength: u32(16) };
  if (version !== AGENTX_VERSION) throw new AgentxFramingError(`AgentX version ${version}, expected ${AGENTX_VERSION}`);
  if (header.payloadLength % 4 !== 0) throw new AgentxFramingError(`payload length ${header.payloadLength} is not a multiple of 4`);
  if (header.payloadLength > MAX_PAYLOAD_SIZE) {
    throw new AgentxFramingError(`payload length ${header.payloadLength} exceeds the ${MAX_PAYLOAD_SIZE}-byte limit`);
  }
  return header;
}

export { HEADER_SIZE };
