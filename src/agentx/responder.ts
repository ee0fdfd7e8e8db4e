import type { Oid } from '../snmp/oid.js';
import { END_OF_MIB_VIEW, type VarBind } from '../snmp/value.js';
import { ERROR } from './constants.js';
import type { GetBulkPdu, Pdu, PduIds, ResponsePdu, SearchRange } from './pdu.js';
import type { ServedInstance, ServedTree } from './served-tree.js';

/** Answers from memory, synchronously, to the requests a master agent sends a subagent (section 7.2). */

function response(request: PduIds, varbinds: readonly VarBind[], error = 0, index = 0): ResponsePdu {
  return {
    type: 'response',
    sessionId: request.sessionId,
    transactionId: request.transactionId,
    packetId: request.packetId,
    sysUpTime: 0,
    error,
    index,
    varbinds,
  };
}

/**
 * An instance as a varbind. A stored value's instance is its own varbind, the same object at every
 * request, so the encoder can keep its bytes (writer.ts); only a value computed now makes a new one.
 */
function varbindOf(instance: ServedInstance): VarBind {
  return typeof instance.value === 'function' ? { oid: instance.oid, value: instance.value() } : (instance as VarBind);
}

function get(tree: ServedTree, oid: Oid): VarBind {
  const instance = tree.find(oid);
  return instance === undefined ? { oid, value: tree.missing(oid) } : varbindOf(instance);
}

function nextOrEnd(tree: ServedTree, start: Oid, include: boolean, end: Oid): VarBind {
  const instance = tree.next(start, include, end);
  return instance === null ? { oid: start, value: END_OF_MIB_VIEW } : varbindOf(instance);
}

/**
 * Most varbinds the repeated rows of one GetBulk answer may hold: more could never fit an SNMP
 * message (at most 65507 bytes over UDP), and a master asking for 65535 repetitions of thousands
 * of ranges would otherwise hold the event loop for seconds and take gigabytes.
 */
export const MAX_BULK_VARBINDS = 4096;

/**
 * Section 7.2.3.3: non-repeaters once each, then up to max-repetitions rows of the rest, as many
 * whole rows as MAX_BULK_VARBINDS allows (RFC 3416 4.2.3 lets an agent return fewer; at least one).
 */
function getBulk(tree: ServedTree, pdu: GetBulkPdu): VarBind[] {
  const nonRepeaters = Math.min(pdu.nonRepeaters, pdu.ranges.length);
  const out: VarBind[] = pdu.ranges.slice(0, nonRepeaters).map((r) => nextOrEnd(tree, r.start, r.include, r.end));
  const repeaters: SearchRange[] = pdu.ranges.slice(nonRepeaters);
  if (repeaters.length === 0) return out;
  const rows = Math.min(pdu.maxRepetitions, Math.max(1, Math.floor(MAX_BULK_VARBINDS / repeaters.length)));
  const cursors = repeaters.map((r) => ({ oid: r.start, include: r.include, end: r.end, done: false }));
  for (let rep = 0; rep < rows; rep++) {
    let anyLeft = false;
    for (const cursor of cursors) {
      const vb = cursor.done ? { oid: cursor.oid, value: END_OF_MIB_VIEW } : nextOrEnd(tree, cursor.oid, cursor.include, cursor.end);
      if (vb.value.type === 'EndOfMibView') cursor.done = true;
      else anyLeft = true;
      cursor.oid = vb.oid;
      cursor.include = false;
      out.push(vb);
    }
    if (!anyLeft) break;
  }
  return out;
}

/** Index (1-based) of the first varbind whose value function failed, for genErr. */
class ValueError extends Error {
  constructor(readonly index: number, cause: unknown) {
    super(`value of varbind ${index} could not be computed`, { cause });
  }
}

function collect(ranges: readonly SearchRange[], lookup: (range: SearchRange) => VarBind): VarBind[] {
  return ranges.map((range, i) => {
    try {
      return lookup(range);
    } catch (cause) {
      throw new ValueError(i + 1, cause);
    }
  });
}

/**
 * The Response for a request PDU, or null when the protocol wants no answer (CleanupSet, and
 * PDUs a master never sends a subagent). `sessionId` is the session we hold with the master.
 */
export function answer(pdu: Pdu, tree: ServedTree, sessionId: number, onValueError?: (error: Error) => void): ResponsePdu | null {
  if (pdu.type === 'response' || pdu.type === 'cleanupSet') return null;
  if (pdu.sessionId !== sessionId) return response(pdu, [], ERROR.notOpen);
  if ('context' in pdu && pdu.context !== undefined) return response(pdu, [], ERROR.unsupportedContext);
  try {
    switch (pdu.type) {
      case 'get':
        return response(pdu, collect(pdu.ranges, (r) => get(tree, r.start)));
      case 'getNext':
        return response(pdu, collect(pdu.ranges, (r) => nextOrEnd(tree, r.start, r.include, r.end)));
      case 'getBulk':
        return response(pdu, getBulk(tree, pdu));
      case 'testSet':
        // Every object we serve is read-only.
        return response(pdu, pdu.varbinds, ERROR.notWritable, pdu.varbinds.length > 0 ? 1 : 0);
      case 'commitSet':
        return response(pdu, [], ERROR.commitFailed);
      case 'undoSet':
      case 'ping':
        return response(pdu, []);
      default:
        return response(pdu, [], ERROR.processingError);
    }
  } catch (error) {
    onValueError?.(error as Error);
    return response(pdu, [], ERROR.genErr, error instanceof ValueError ? error.index : 0);
  }
}
