import type { Oid } from '../snmp/oid.js';
import type { VarBind } from '../snmp/value.js';
import type { CloseReason } from './constants.js';

/** The fields of the common header that identify a PDU within a session (section 6.1). */
export interface PduIds {
  readonly sessionId: number;
  readonly transactionId: number;
  readonly packetId: number;
}

export interface SearchRange {
  readonly start: Oid;
  readonly include: boolean;
  /** Empty for "no end" (the null OID). */
  readonly end: Oid;
}

/** PDUs that may name a non-default context carry it here; undefined means the default context. */
interface InContext {
  readonly context?: Buffer;
}

export type OpenPdu = PduIds & { readonly type: 'open'; readonly timeout: number; readonly id: Oid; readonly description: Buffer };
export type ClosePdu = PduIds & { readonly type: 'close'; readonly reason: CloseReason | number };
export type RegisterPdu = PduIds &
  InContext & {
    readonly type: 'register';
    readonly instanceRegistration: boolean;
    readonly timeout: number;
    readonly priority: number;
    readonly subtree: Oid;
    /** range_subid and upper_bound, when registering a range (section 6.2.3). */
    readonly range?: { readonly subid: number; readonly upperBound: number };
  };
export type UnregisterPdu = PduIds &
  InContext & {
    readonly type: 'unregister';
    readonly priority: number;
    readonly subtree: Oid;
    readonly range?: { readonly subid: number; readonly upperBound: number };
  };
export type GetPdu = PduIds & InContext & { readonly type: 'get'; readonly ranges: readonly SearchRange[] };
export type GetNextPdu = PduIds & InContext & { readonly type: 'getNext'; readonly ranges: readonly SearchRange[] };
export type GetBulkPdu = PduIds &
  InContext & {
    readonly type: 'getBulk';
    readonly nonRepeaters: number;
    readonly maxRepetitions: number;
    readonly ranges: readonly SearchRange[];
  };
export type TestSetPdu = PduIds & InContext & { readonly type: 'testSet'; readonly varbinds: readonly VarBind[] };
export type SetPhasePdu = PduIds & { readonly type: 'commitSet' | 'undoSet' | 'cleanupSet' };
export type NotifyPdu = PduIds & InContext & { readonly type: 'notify'; readonly varbinds: readonly VarBind[] };
export type PingPdu = PduIds & InContext & { readonly type: 'ping' };
export type IndexPdu = PduIds &
  InContext & {
    readonly type: 'indexAllocate' | 'indexDeallocate';
    readonly newIndex: boolean;
    readonly anyIndex: boolean;
    readonly varbinds: readonly VarBind[];
  };
export type AddAgentCapsPdu = PduIds & InContext & { readonly type: 'addAgentCaps'; readonly id: Oid; readonly description: Buffer };
export type RemoveAgentCapsPdu = PduIds & InContext & { readonly type: 'removeAgentCaps'; readonly id: Oid };
export type ResponsePdu = PduIds & {
  readonly type: 'response';
  readonly sysUpTime: number;
  readonly error: number;
  readonly index: number;
  readonly varbinds: readonly VarBind[];
};

export type Pdu =
  | OpenPdu
  | ClosePdu
  | RegisterPdu
  | UnregisterPdu
  | GetPdu
  | GetNextPdu
  | GetBulkPdu
  | TestSetPdu
  | SetPhasePdu
  | NotifyPdu
  | PingPdu
  | IndexPdu
  | AddAgentCapsPdu
  | RemoveAgentCapsPdu
  | ResponsePdu;
