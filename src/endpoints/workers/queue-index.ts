/** MISP's own queues keep fixed rows: the MIB's queue table index for them never changes. */
export const KNOWN_QUEUE_INDEX: Readonly<Record<string, number>> = Object.freeze({
  default: 1,
  prio: 2,
  email: 3,
  cache: 4,
  update: 5,
  scheduler: 6,
});

/** Other queues get an index from their name, above every known one, the same after any restart. */
const FIRST_DERIVED_INDEX = 1000;
const DERIVED_RANGE = 1_000_000;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Index for every queue name of one answer: fixed for known queues, hashed from the name for others.
 * Unknown names are placed in name order, so when two hash to the same index the earlier name keeps
 * it and the later one takes the next free number: the result depends only on the set of names.
 */
export function assignQueueIndexes(names: readonly string[]): Map<string, number> {
  const indexes = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of names) {
    // hasOwn: a queue named "constructor" must not find Object.prototype's member.
    const known = Object.hasOwn(KNOWN_QUEUE_INDEX, name) ? KNOWN_QUEUE_INDEX[name] : undefined;
    if (known !== undefined) {
      indexes.set(name, known);
      taken.add(known);
    }
  }
  const unknown = [...new Set(names)].filter((name) => !indexes.has(name)).sort();
  for (const name of unknown) {
    let index = FIRST_DERIVED_INDEX + (fnv1a(name) % DERIVED_RANGE);
    while (taken.has(index)) index = index + 1 >= FIRST_DERIVED_INDEX + DERIVED_RANGE ? FIRST_DERIVED_INDEX : index + 1;
    indexes.set(name, index);
    taken.add(index);
  }
  return indexes;
}
