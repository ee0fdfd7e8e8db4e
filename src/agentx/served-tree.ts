import type { Oid } from '../snmp/oid.js';
import type { SnmpValue } from '../snmp/value.js';

/**
 * What a session serves, as the responder needs it: the protocol knows nothing of the MIB behind
 * it. src/snmp/oid-tree.ts implements it.
 */

/** One instance: its value, or a function for a value that depends on the moment of the request. */
export interface ServedInstance {
  readonly oid: Oid;
  readonly value: SnmpValue | (() => SnmpValue);
}

export interface ServedTree {
  /** The instance named exactly `oid`, if there is one. */
  find(oid: Oid): ServedInstance | undefined;
  /** What a Get of `oid` answers when find() has nothing: noSuchInstance or noSuchObject. */
  missing(oid: Oid): SnmpValue;
  /** The first instance after `start` (at it when `include`), before `end` unless `end` is empty; null when none. */
  next(start: Oid, include: boolean, end: Oid): ServedInstance | null;
}

/** The tree being served now; the session reads it at each request. */
export interface CurrentTree {
  readonly current: ServedTree;
}
