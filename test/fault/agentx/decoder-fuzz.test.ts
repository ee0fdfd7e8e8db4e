import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu } from '../../../src/agentx/decode.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxFramingError, AgentxParseError } from '../../../src/agentx/errors.js';
import { Framer } from '../../../src/agentx/framer.js';
import type { SearchRange } from '../../../src/agentx/pdu.js';
import { MAX_BULK_VARBINDS, answer } from '../../../src/agentx/responder.js';
import { buildTree } from '../../../src/mib/build-tree.js';
import { DEFAULT_ROOT } from '../../../src/mib/index.js';
import { agentStatus, fullInstance } from '../../helpers/sample-snapshots.js';
import { hostileStreamArb } from './mutations.js';

const tree = buildTree(DEFAULT_ROOT, agentStatus(), [fullInstance(1), fullInstance(2)]);

/**
 * What MasterConnection does with a byte stream: frame it, decode each frame, answer requests and
 * encode the answers. Returns how many frames were answered; throws only what the connection
 * would not survive (anything but the two AgentX error classes).
 */
function serve(chunks: readonly Buffer[]): number {
  const framer = new Framer();
  let answered = 0;
  for (const chunk of chunks) {
    let frames;
    try {
      frames = framer.push(chunk);
    } catch (error) {
      if (error instanceof AgentxFramingError) return answered; // the connection closes here
      throw error;
    }
    for (const frame of frames) {
      try {
        const reply = answer(decodePdu(frame.header, frame.body), tree, 42);
        if (reply) encodePdu(reply);
        answered++;
      } catch (error) {
        if (!(error instanceof AgentxParseError)) throw error;
      }
    }
  }
  return answered;
}

describe('the AgentX decoder and responder under hostile input', () => {
  it('never throw anything but AgentX parse/framing errors, and answer each stream quickly (mutated and random PDUs)', () => {
    let slowest = 0;
    let answered = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    fc.assert(
      fc.property(hostileStreamArb, fc.array(fc.nat({ max: 64 }), { maxLength: 8 }), (pieces, cuts) => {
        // Re-split the stream at arbitrary points, as reads from a socket would.
        const stream = Buffer.concat(pieces);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const cut of cuts) {
          chunks.push(stream.subarray(at, at + cut));
          at += cut;
        }
        chunks.push(stream.subarray(at));
        const started = performance.now();
        answered += serve(chunks);
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { numRuns: 4000 },
    );
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(`decoder fuzz: 4000 streams, ${answered} frames answered, slowest stream ${slowest.toFixed(1)} ms, heap growth ${heapGrowthMb.toFixed(0)} MB`);
    expect(answered).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(500);
    expect(heapGrowthMb).toBeLessThan(200);
  });

  it('bounds a GetBulk of 1 MiB worth of ranges and 65535 repetitions (no seconds-long hold, no gigabytes)', () => {
    const ranges: SearchRange[] = Array.from({ length: 131_000 }, () => ({ start: [], include: false, end: [] }));
    const bytes = encodePdu({ type: 'getBulk', sessionId: 42, transactionId: 1, packetId: 1, nonRepeaters: 0, maxRepetitions: 0xffff, ranges });
    expect(bytes.length).toBeLessThanOrEqual(20 + (1 << 20));
    const frames = new Framer().push(bytes);
    const started = performance.now();
    const reply = answer(decodePdu(frames[0]!.header, frames[0]!.body), tree, 42);
    const ms = performance.now() - started;
    expect(reply?.error).toBe(0);
    // At least one whole row, however many ranges: here 131,000 ranges, one row.
    expect(reply?.varbinds).toHaveLength(131_000);
    expect(ms).toBeLessThan(3000);
  });

  it('cuts a GetBulk answer to whole rows within MAX_BULK_VARBINDS', () => {
    const ranges: SearchRange[] = Array.from({ length: 100 }, () => ({ start: [...DEFAULT_ROOT], include: false, end: [] }));
    const reply = answer({ type: 'getBulk', sessionId: 42, transactionId: 1, packetId: 1, nonRepeaters: 2, maxRepetitions: 0xffff, ranges }, tree, 42);
    // 2 non-repeaters, then rows of 98 repeaters: 41 whole rows fit in 4096.
    expect(reply?.varbinds).toHaveLength(2 + 98 * Math.floor(MAX_BULK_VARBINDS / 98));
    expect(reply?.varbinds.at(-1)?.value.type).not.toBe('EndOfMibView');
  });
});
