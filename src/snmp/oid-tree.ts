import { type Oid, compareOid, formatOid, isPrefixOf } from './oid.js';
import { NO_SUCH_INSTANCE, NO_SUCH_OBJECT, type SnmpValue, type VarBind } from './value.js';

/** A stored value, or a function for values that depend on the moment of the request (uptime, age). */
export type ValueSource = SnmpValue | (() => SnmpValue);

export interface TreeEntry {
  readonly oid: Oid;
  readonly value: ValueSource;
}

export function resolveValue(source: ValueSource): SnmpValue {
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
 * An immutable, ordered set of object instances with O(log n) get and next, knowing nothing of
 * any MIB or protocol. `objectTypes` are the OIDs of the scalars and columns that exist, whether
 * or not they have instances now: they decide noSuchInstance versus noSuchObject (RFC 3416 4.2.1).
 * Its entries are frozen: a request may keep and reuse what it derives from one (its encoding)
 * for as long as the entry lives.
 */
export class OidTree {
  private readonly entries: readonly TreeEntry[];
  private readonly objectTypes: readonly Oid[];

  constructor(objectTypes: readonly Oid[], entries: readonly TreeEntry[]) {
    this.entries = entries.map((e) => Object.freeze({ oid: e.oid, value: e.value })).sort((a, b) => compareOid(a.oid, b.oid));
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

  /** The instance named exactly `oid`, if there is one. */
  find(oid: Oid): TreeEntry | undefined {
    const entry = this.entries[lowerBound(this.entries, oid, entryOid, false)];
    return entry !== undefined && compareOid(entry.oid, oid) === 0 ? entry : undefined;
  }

  /** What a GET of `oid` answers when there is no instance: noSuchInstance under a known object type, else noSuchObject. */
  missing(oid: Oid): SnmpValue {
    return this.isUnderObjectType(oid) ? NO_SUCH_INSTANCE : NO_SUCH_OBJECT;
  }

  /** The value a GET of `oid` answers, exceptions included. */
  get(oid: Oid): SnmpValue {
    const entry = this.find(oid);
    return entry === undefined ? this.missing(oid) : resolveValue(entry.value);
  }

  /**
   * The first instance after `start` (or at it, when `include`), strictly before `end` when given
   * and not empty. Returns null when there is none in that range.
   */
  next(start: Oid, include: boolean, end?: Oid): TreeEntry | null {
    const entry = this.entries[lowerBound(this.entries, start, entryOid, !include)];
    if (entry === undefined) return null;
    if (end !== undefined && end.length > 0 && compareOid(entry.oid, end) >= 0) return null;
    return entry;
  }

  *[Symbol.iterator](): IterableIterator<VarBind> {
    for (const e of this.entries) yield { oid: e.oid, value: resolveValue(e.value) };
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
