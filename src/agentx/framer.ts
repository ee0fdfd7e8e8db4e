import { HEADER_SIZE } from './constants.js';
import { type FrameHeader, decodeHeader } from './header.js';

export interface Frame {
  readonly header: FrameHeader;
  readonly body: Buffer;
}

const EMPTY = Buffer.alloc(0);

/**
 * Cuts a byte stream into whole PDUs, whatever the split or coalescing of reads.
 * Throws AgentxFramingError (from decodeHeader) when a header makes the stream unfollowable;
 * after that the framer must not be fed again.
 */
export class Framer {
  private pending: Buffer = EMPTY;

  push(chunk: Buffer): Frame[] {
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (data.length >= HEADER_SIZE) {
      const header = decodeHeader(data);
      const end = HEADER_SIZE + header.payloadLength;
      if (data.length < end) break;
      frames.push({ header, body: data.subarray(HEADER_SIZE, end) });
      data = data.subarray(end);
    }
    // Copy the remainder so a small leftover never pins a large read buffer.
    this.pending = data.length === 0 ? EMPTY : Buffer.from(data);
    return frames;
  }

  get buffered(): number {
    return this.pending.length;
  }
}
