import type { Oid } from '../snmp/oid.js';
import { CLOSE_REASON_BY_CODE, FLAG, PDU_TYPE_BY_CODE, type PduType } from './constants.js';
import { AgentxParseError } from './errors.js';
import type { FrameHeader } from './header.js';
import type { Pdu, PduIds, SearchRange } from './pdu.js';
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
  const ids: PduIds = { sessionId: header.sessionId, transactionId: header.transactionId, packetId: header.packetId };
  const context = CONTEXTUAL.has(type) && header.flags & FLAG.nonDefaultContext ? { context: r.octetString('context') } : {};
  const pdu = decodeBody(type, r, ids, context, header.flags);
  if (!r.atEnd) throw new AgentxParseError(`${type} PDU has trailing bytes after its last field`);
  return pdu;
}

function decodeBody(type: PduType, r: PduReader, ids: PduIds, context: { context?: Buffer }, flags: number): Pdu {
  switch (type) {
    case 'open': {
      const timeout = r.u8('timeout');
      r.skip(3, 'reserved');
      const { oid: id } = r.oid('id');
      return { ...ids, type, timeout, id, description: r.octetString('description') };
    }
    case 'close': {
      const code = r.u8('reason');
      r.skip(3, 'reserved');
      return { ...ids, type, reason: CLOSE_REASON_BY_CODE.get(code) ?? code };
    }
    case 'register':
      return { ...ids, ...context, type, instanceRegistration: (flags & FLAG.instanceRegistration) !== 0, ...registration(r) };
    case 'unregister': {
      const { timeout: _reserved, ...rest } = registration(r);
      return { ...ids, ...context, type, ...rest };
    }
    case 'get':
      return { ...ids, ...context, type, ranges: searchRanges(r, true) };
    case 'getNext':
      return { ...ids, ...context, type, ranges: searchRanges(r, false) };
    case 'getBulk': {
      const nonRepeaters = r.u16('non_repeaters');
      const maxRepetitions = r.u16('max_repetitions');
      return { ...ids, ...context, type, nonRepeaters, maxRepetitions, ranges: searchRanges(r, false) };
    }
    case 'testSet':
    case 'notify':
      return { ...ids, ...context, type, varbinds: r.varbindList() };
    case 'indexAllocate':
    case 'indexDeallocate':
      return {
        ...ids,
        ...context,
        type,
        newIndex: (flags & FLAG.newIndex) !== 0,
        anyIndex: (flags & FLAG.anyIndex) !== 0,
        varbinds: r.varbindList(),
      };
    case 'commitSet':
    case 'undoSet':
    case 'cleanupSet':
      return { ...ids, type };
    case 'ping':
      return { ...ids, ...context, type };
    case 'addAgentCaps': {
      const { oid: id } = r.oid('id');
      return { ...ids, ...context, type, id, description: r.octetString('description') };
    }
    case 'removeAgentCaps':
      return { ...ids, ...context, type, id: r.oid('id').oid };
    case 'response': {
      const sysUpTime = r.u32('sysUpTime');
      const error = r.u16('res.error');
      const index = r.u16('res.index');
      return { ...ids, type, sysUpTime, error, index, varbinds: r.varbindList() };
    }
  }
}
