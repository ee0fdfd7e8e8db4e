/** Numbers from RFC 2741. */

/** The reverse of a name-to-number table, for decoding. */
export function byCode<Name extends string>(table: Readonly<Record<Name, number>>): ReadonlyMap<number, Name> {
  return new Map((Object.entries(table) as [Name, number][]).map(([name, code]) => [code, name]));
}

export const AGENTX_VERSION = 1;
export const HEADER_SIZE = 20;

export const PDU_TYPE_CODES = {
  open: 1,
  close: 2,
  register: 3,
  unregister: 4,
  get: 5,
  getNext: 6,
  getBulk: 7,
  testSet: 8,
  commitSet: 9,
  undoSet: 10,
  cleanupSet: 11,
  notify: 12,
  ping: 13,
  indexAllocate: 14,
  indexDeallocate: 15,
  addAgentCaps: 16,
  removeAgentCaps: 17,
  response: 18,
} as const;
export type PduType = keyof typeof PDU_TYPE_CODES;

export const PDU_TYPE_BY_CODE = byCode(PDU_TYPE_CODES);

/** h.flags bits (section 6.1). */
export const FLAG = {
  instanceRegistration: 0x01,
  newIndex: 0x02,
  anyIndex: 0x04,
  nonDefaultContext: 0x08,
  networkByteOrder: 0x10,
} as const;

/** Varbind type codes (section 5.4). */
export const VALUE_TYPE_CODES = {
  Integer: 2,
  OctetString: 4,
  Null: 5,
  ObjectIdentifier: 6,
  IpAddress: 64,
  Counter32: 65,
  Gauge32: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
  NoSuchObject: 128,
  NoSuchInstance: 129,
  EndOfMibView: 130,
} as const;

/** res.error values (section 6.2.16): SNMP's own errors and AgentX's. */
export const ERROR = {
  noAgentXError: 0,
  genErr: 5,
  noAccess: 6,
  notWritable: 17,
  commitFailed: 14,
  undoFailed: 15,
  openFailed: 256,
  notOpen: 257,
  indexWrongType: 258,
  indexAlreadyAllocated: 259,
  indexNoneAvailable: 260,
  indexNotAllocated: 261,
  unsupportedContext: 262,
  duplicateRegistration: 263,
  unknownRegistration: 264,
  unknownAgentCaps: 265,
  parseError: 266,
  requestDenied: 267,
  processingError: 268,
} as const;

export const ERROR_NAME_BY_CODE = byCode(ERROR);

/** Close-PDU reasons (section 6.2.2). */
export const CLOSE_REASON = {
  other: 1,
  parseError: 2,
  protocolError: 3,
  timeouts: 4,
  shutdown: 5,
  byManager: 6,
} as const;
export type CloseReason = keyof typeof CLOSE_REASON;
export const CLOSE_REASON_BY_CODE = byCode(CLOSE_REASON);

/** A PDU larger than this is not something a master sends a subagent; the stream is treated as corrupt. */
export const MAX_PAYLOAD_SIZE = 1 << 20;
