import { CLOSE_REASON, FLAG, HEADER_SIZE, PDU_TYPE_CODES } from './constants.js';
import type { Pdu, SearchRange } from './pdu.js';
import { PduWriter } from './writer.js';

function flagsOf(pdu: Pdu, littleEndian: boolean): number {
  let flags = littleEndian ? 0 : FLAG.networkByteOrder;
  if ('context' in pdu && pdu.context !== undefined) flags |= FLAG.nonDefaultContext;
  if (pdu.type === 'register' && pdu.instanceRegistration) flags |= FLAG.instanceRegistration;
  if (pdu.type === 'indexAllocate' || pdu.type === 'indexDeallocate') {
    if (pdu.newIndex) flags |= FLAG.newIndex;
    if (pdu.anyIndex) flags |= FLAG.anyIndex;
  }
  return flags;
}

function searchRanges(w: PduWriter, ranges: readonly SearchRange[]): void {
  for (const range of ranges) {
    w.oid(range.start, range.include);
    w.oid(range.end);
  }
}

function payload(w: PduWriter, pdu: Pdu): void {
  if ('context' in pdu && pdu.context !== undefined) w.octetString(pdu.context);
  switch (pdu.type) {
    case 'open':
      w.u8(pdu.timeout);
      w.zeros(3);
      w.oid(pdu.id);
      w.octetString(pdu.description);
      return;
    case 'close':
      w.u8(typeof pdu.reason === 'number' ? pdu.reason : CLOSE_REASON[pdu.reason]);
      w.zeros(3);
      return;
    case 'register':
    case 'unregister':
      if (pdu.type === 'register') w.u8(pdu.timeout);
      else w.u8(0);
      w.u8(pdu.priority);
      w.u8(pdu.range?.subid ?? 0);
      w.u8(0);
      w.oid(pdu.subtree);
      if (pdu.range) w.u32(pdu.range.upperBound);
      return;
    case 'get':
    case 'getNext':
      searchRanges(w, pdu.ranges);
      return;
    case 'getBulk':
      w.u16(pdu.nonRepeaters);
      w.u16(pdu.maxRepetitions);
      searchRanges(w, pdu.ranges);
      return;
    case 'testSet':
    case 'notify':
    case 'indexAllocate':
    case 'indexDeallocate':
      for (const vb of pdu.varbinds) w.varbind(vb);
      return;
    case 'commitSet':
    case 'undoSet':
    case 'cleanupSet':
    case 'ping':
      return;
    case 'addAgentCaps':
      w.oid(pdu.id);
      w.octetString(pdu.description);
      return;
    case 'removeAgentCaps':
      w.oid(pdu.id);
      return;
    case 'response':
      w.u32(pdu.sysUpTime);
      w.u16(pdu.error);
      w.u16(pdu.index);
      for (const vb of pdu.varbinds) w.varbind(vb);
      return;
  }
}

/** Appends the whole PDU, header included, to what `w` holds (several answers can go out in one write). */
export function encodePduInto(w: PduWriter, pdu: Pdu): void {
  const start = w.offset;
  w.u8(1);
  w.u8(PDU_TYPE_CODES[pdu.type]);
  w.u8(flagsOf(pdu, w.littleEndian));
  w.u8(0);
  w.u32(pdu.sessionId);
  w.u32(pdu.transactionId);
  w.u32(pdu.packetId);
  w.u32(0);
  payload(w, pdu);
  w.patchU32(start + 16, w.offset - start - HEADER_SIZE);
}

/** The whole PDU, header included. We send network byte order; little-endian exists for tests. */
export function encodePdu(pdu: Pdu, littleEndian = false): Buffer {
  const w = new PduWriter(littleEndian);
  encodePduInto(w, pdu);
  return w.finish();
}
