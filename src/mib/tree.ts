import { type Oid, compareOid, formatOid, isPrefixOf } from '../snmp/oid.js';
import { NO_SUCH_INSTANCE, NO_SUCH_OBJECT, type SnmpValue, type VarBind } from '../snmp/value.js';

/** A stored value, or a function for values that depend on the moment of the request (uptime, age). */
export type ValueSource = SnmpValue | (() => SnmpValue);

export interface TreeEntry {
  readonly oid: Oid;
  readonly value: ValueSource;
}

function resolve(source: ValueSource): SnmpValue {
  return typeof source === 'function' ? source() : source;
}

/** Index of the first element >= key (or > key when strict), by binary search. */
function lowerBound<T>(items: readonly T[], key: Oid, oidOf: (item: T) => Oid, strict: boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareOid(oidOf(items[mid] as T), key);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const entryOid = (e: TreeEntry): Oid => e.oid;
const self = (o: Oid): Oid => o;

/**
 * An immutable, ordered set of object instances with O(log n) get and next.
 * `objectTypes` are the OIDs of the scalars and columns that exist in the MIB, whether or not
 * they have instances now: they decide noSuchInstance versus noSuchObject (RFC 3416 4.2.1).
 */
export class OidTree {
  private readonly entries: readonly TreeEntry[];
  private readonly objectTypes: readonly Oid[];

  constructor(objectTypes: readonly Oid[], entries: readonly TreeEntry[]) {
    this.entries = [...entries].sort((a, b) => compareOid(a.oid, b.oid));
    this.objectTypes = [...objectTypes].sort(compareOid);
    for (let i = 1; i < this.entries.length; i++) {
      if (compareOid((this.entries[i - 1] as TreeEntry).oid, (this.entries[i] as TreeEntry).oid) === 0) {
        throw new Error(`duplicate instance ${formatOid((this.entries[i] as TreeEntry).oid)} in OID tree`);
      }
    }
  }

  static readonly EMPTY = new OidTree([], []);

  get size(): number {
    return this.entries.length;
  }

  get(oid: Oid): SnmpValue {
    const i = lowerBound(this.entries, oid, entryOid, false);
    const entry = this.entries[i];
    if (entry !== undefined && compareOid(entry.oid, oid) === 0) return resolve(entry.value);
    return this.isUnderObjectType(oid) ? NO_SUCH_INSTANCE : NO_SUCH_OBJECT;
  }

  /**
   * The first instance after `start` (or at it, when `include`), strictly before `end` when given.
   * Returns null when there is none in that range.
   */
  next(start: Oid, include: boolean, end?: Oid): VarBind | null {
    const i = lowerBound(this.entries, start, entryOid, !include);
    const entry = this.entries[i];
    if (entry === undefined) return null;
    if (end !== undefined && end.length > 0 && compareOid(entry.oid, end) >= 0) return null;
    return { oid: entry.oid, value: resolve(entry.value) };
  }

  *[Symbol.iterator](): IterableIterator<VarBind> {
    for (const e of this.entries) yield { oid: e.oid, value: resolve(e.value) };
  }

  private isUnderObjectType(oid: Oid): boolean {
    // Object types never nest, so only the greatest one <= oid can be its prefix.
    const i = lowerBound(this.objectTypes, oid, self, true) - 1;
    const candidate = this.objectTypes[i];
    return candidate !== undefined && isPrefixOf(candidate, oid);
  }
}

/**
 * The tree currently served. A new tree replaces the old one in a single assignment, so a
 * request, which runs synchronously, sees either the old tree or the new one, never a mix.
 */
export class LiveTree {
  private tree: OidTree;

  constructor(initial: OidTree = OidTree.EMPTY) {
    this.tree = initial;
  }

  get current(): OidTree {
    return this.tree;
  }

  replace(tree: OidTree): void {
    this.tree = tree;
  }
}
