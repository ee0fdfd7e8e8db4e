import type { Oid } from '../snmp/oid.js';
import { CLOSE_REASON_BY_CODE, FLAG, PDU_TYPE_BY_CODE, type PduType } from './constants.js';
import { AgentxParseError } from './errors.js';
import type { FrameHeader } from './header.js';
import type { Pdu, SearchRange } from './pdu.js';
import { PduReader } from './reader.js';

/** PDU types whose payload starts with a context when NON_DEFAULT_CONTEXT is set (section 6.1). */
const CONTEXTUAL: ReadonlySet<PduType> = new Set([
  'register',
  'unregister',
  'get',
  'getNext',
  'getBulk',
  'testSet',
  'notify',
  'ping',
  'indexAllocate',
  'indexDeallocate',
  'addAgentCaps',
  'removeAgentCaps',
]);

function searchRanges(r: PduReader, single: boolean): SearchRange[] {
  const ranges: SearchRange[] = [];
  while (!r.atEnd) {
    const start = r.oid('search range start');
    const end = r.oid('search range end');
    if (single && end.oid.length > 0) throw new AgentxParseError('a Get search range must have a null end OID');
    ranges.push({ start: start.oid, include: start.include, end: end.oid });
  }
  return ranges;
}

function registration(r: PduReader): { subtree: Oid; range?: { subid: number; upperBound: number } } & { timeout: number; priority: number } {
  const timeout = r.u8('timeout');
  const priority = r.u8('priority');
  const rangeSubid = r.u8('range_subid');
  r.u8('reserved');
  const { oid: subtree } = r.oid('subtree');
  if (rangeSubid === 0) return { timeout, priority, subtree };
  if (rangeSubid > subtree.length) throw new AgentxParseError(`range_subid ${rangeSubid} is beyond the subtree's ${subtree.length} sub-identifiers`);
  return { timeout, priority, subtree, range: { subid: rangeSubid, upperBound: r.u32('upper_bound') } };
}

/** Decodes one PDU whose header is already read; throws AgentxParseError naming what is wrong. */
export function decodePdu(header: FrameHeader, body: Buffer): Pdu {
  const type = PDU_TYPE_BY_CODE.get(header.typeCode);
  if (type === undefined) throw new AgentxParseError(`unknown PDU type ${header.typeCode}`);
  const r = new PduReader(body, header.littleEndian);
  const context = CONTEXTUAL.has(type) && header.flags & FLAG.nonDefaultContext ? r.octetString('context') : undefined;
  const pdu = decodeBody(type, r, header, context);
  if (!r.atEnd) throw new AgentxParseError(`${type} PDU has trailing bytes after its last field`);
  return pdu;
}

/**
 * Every PDU is built field by field: object spread ({ ...ids, ... }) costs Node 20 over a
 * microsecond per PDU, more than the rest of decoding a Get. `context` undefined is the default context.
 */
function decodeBody(type: PduType, r: PduReader, header: FrameHeader, context: Buffer | undefined): Pdu {
  const { sessionId, transactionId, packetId, flags } = header;
  switch (type) {
    case 'open': {
      const timeout = r.u8('timeout');
      r.skip(3, 'reserved');
      const { oid: id } = r.oid('id');
      return { sessionId, transactionId, packetId, type, timeout, id, description: r.octetString('description') };
    }
    case 'close': {
      const code = r.u8('reason');
      r.skip(3, 'reserved');
      return { sessionId, transactionId, packetId, type, reason: CLOSE_REASON_BY_CODE.get(code) ?? code };
    }
    case 'register': {
      const { timeout, priority, subtree, range } = registration(r);
      const instanceRegistration = (flags & FLAG.instanceRegistration) !== 0;
      return { sessionId, transactionId, packetId, context, type, instanceRegistration, timeout, priority, subtree, range };
    }
    case 'unregister': {
      const { priority, subtree, range } = registration(r);
      return { sessionId, transactionId, packetId, context, type, priority, subtree, range };
    }
    case 'get':
      return { sessionId, transactionId, packetId, context, type, ranges: searchRanges(r, true) };
    case 'getNext':
      return { sessionId, transactionId, packetId, context, type, ranges: searchRanges(r, false) };
    case 'getBulk': {
      const nonRepeaters = r.u16('non_repeaters');
      const maxRepetitions = r.u16('max_repetitions');
      return { sessionId, transactionId, packetId, context, type, nonRepeaters, maxRepetitions, ranges: searchRanges(r, false) };
    }
    case 'testSet':
    case 'notify':
      return { sessionId, transactionId, packetId, context, type, varbinds: r.varbindList() };
    case 'indexAllocate':
    case 'indexDeallocate': {
      const newIndex = (flags & FLAG.newIndex) !== 0;
      const anyIndex = (flags & FLAG.anyIndex) !== 0;
      return { sessionId, transactionId, packetId, context, type, newIndex, anyIndex, varbinds: r.varbindList() };
    }
    case 'commitSet':
    case 'undoSet':
    case 'cleanupSet':
      return { sessionId, transactionId, packetId, type };
    case 'ping':
      return { sessionId, transactionId, packetId, context, type };
    case 'addAgentCaps': {
      const { oid: id } = r.oid('id');
      return { sessionId, transactionId, packetId, context, type, id, description: r.octetString('description') };
    }
    case 'removeAgentCaps':
      return { sessionId, transactionId, packetId, context, type, id: r.oid('id').oid };
    case 'response': {
      const sysUpTime = r.u32('sysUpTime');
      const error = r.u16('res.error');
      const index = r.u16('res.index');
      return { sessionId, transactionId, packetId, type, sysUpTime, error, index, varbinds: r.varbindList() };
    }
  }
}
