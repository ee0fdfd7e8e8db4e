import type { AgentStatus } from '../domain/agent-status.js';
import type { InstanceSnapshot } from '../domain/snapshot.js';
import type { Oid } from '../snmp/oid.js';
import type { SnmpValue, SnmpValueType } from '../snmp/value.js';
import type { ValueSource } from '../snmp/oid-tree.js';

/** A name another module exports, listed in the MIB's IMPORTS. */
export interface MibImport {
  readonly module: string;
  readonly name: string;
}

/** A TEXTUAL-CONVENTION this module defines. */
export interface TextualConvention {
  readonly name: string;
  readonly displayHint?: string;
  readonly description: string;
}

/** An SMI syntax without its encoder: all the renderers need. */
export interface SyntaxInfo {
  /** The type's name as written in SYNTAX and in an entry's SEQUENCE: a TC or an SMI base type. */
  readonly name: string;
  /** A sub-type written after the name in SYNTAX only, e.g. "(0..999)". */
  readonly range?: string;
  /** What the TC refines (e.g. "Counter64" or "OCTET STRING (SIZE (0..255))"); for enumerations, INTEGER. */
  readonly baseSyntax?: string;
  /** Labels and numbers of an enumerated INTEGER. */
  readonly enumeration?: Readonly<Record<string, number>>;
  readonly convention?: TextualConvention;
  /** The type on the wire. */
  readonly valueType: SnmpValueType;
  readonly imports: readonly MibImport[];
}

/** A syntax with the function that turns a model value into an SNMP value. */
export interface Syntax<T> extends SyntaxInfo {
  readonly encode: (value: T) => SnmpValue;
}

/**
 * Who may read the MISP data behind an object. 'agent' is the daemon's own state; 'anonymous'
 * needs no API key at all.
 */
export type Permission = 'agent' | 'anonymous' | 'apiKey' | 'siteAdmin';

/** What the MIB, the docs and the OID list say about one object. */
export interface ObjectInfo {
  readonly name: string;
  readonly arc: number;
  readonly syntax: SyntaxInfo;
  readonly access: 'read-only' | 'not-accessible';
  readonly units?: string;
  readonly description: string;
  /** The MISP endpoint and field that feed it, or how the agent derives it. */
  readonly source: string;
  readonly permission: Permission;
}

/** What the builder reads: the agent's own state and the collectors' snapshots. */
export interface ServedState {
  readonly agent: AgentStatus;
  readonly instances: readonly InstanceSnapshot[];
}

/** One value to serve: the object, the instance's index arcs, and the value (or how to compute it at request time). */
export interface Cell {
  readonly object: ObjectInfo;
  readonly index: Oid;
  readonly value: ValueSource;
}

/** How an OBJECT-GROUP appears in the MODULE-COMPLIANCE. */
export type Compliance = { readonly mandatory: true } | { readonly mandatory: false; readonly description: string };

interface BranchCommon {
  readonly name: string;
  /** Arc under the objects node. */
  readonly arc: number;
  readonly description: string;
  /** The OBJECT-GROUP that collects this branch's readable objects. */
  readonly group: { readonly name: string; readonly description: string; readonly compliance: Compliance };
  readonly cells: (state: ServedState) => Iterable<Cell>;
}

export interface ScalarBranch extends BranchCommon {
  readonly kind: 'scalars';
  readonly objects: readonly ObjectInfo[];
}

export interface TableBranch extends BranchCommon {
  readonly kind: 'table';
  readonly entry: { readonly name: string; readonly description: string };
  /** The index objects in INDEX order; the first ones may belong to another table. */
  readonly index: readonly ObjectInfo[];
  /** The entry's columns, not-accessible index columns included. */
  readonly objects: readonly ObjectInfo[];
}

export type Branch = ScalarBranch | TableBranch;

/** A NOTIFICATION-TYPE under the notifications arc. */
export interface NotificationInfo {
  readonly name: string;
  readonly arc: number;
  readonly objects: readonly ObjectInfo[];
  readonly description: string;
}

export interface Revision {
  /** SMI date, e.g. "202611220000Z". */
  readonly date: string;
  readonly description: string;
}

export interface MibDefinition {
  readonly moduleName: string;
  readonly identityName: string;
  readonly organization: string;
  readonly contactInfo: string;
  readonly description: string;
  /** Newest first; the first is LAST-UPDATED. */
  readonly revisions: readonly Revision[];
  readonly conventions: readonly SyntaxInfo[];
  readonly branches: readonly Branch[];
  readonly notifications: readonly NotificationInfo[];
  /** The NOTIFICATION-GROUP of the notifications, once there are any; its arc under the groups node. */
  readonly notificationGroup: { readonly name: string; readonly arc: number; readonly description: string };
  /** Names of the structural nodes: root + 0, root + 1, root + 2, and the two nodes under conformance. */
  readonly nodes: {
    readonly notifications: string;
    readonly objects: string;
    readonly conformance: string;
    readonly groups: string;
    readonly compliances: string;
  };
  readonly compliance: { readonly name: string; readonly description: string };
}

/** How the MIB and the docs name each permission. */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  agent: "none (the agent's own data)",
  anonymous: 'none (no API key needed)',
  apiKey: 'any API key (a role with perm_auth)',
  siteAdmin: 'a site-admin API key',
};
