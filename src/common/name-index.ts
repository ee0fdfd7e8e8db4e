/** Names without a fixed index get one from their text, above every fixed one, the same after any restart. */
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
 * A table index for every name of one answer: `fixed` for the names it lists, 1000 plus FNV-1a of
 * the name modulo 1000000 for the others. Unknown names are placed in name order, so when two hash
 * to the same index the earlier name keeps it and the later one takes the next free number: the
 * result depends only on the set of names.
 */
export function assignNameIndexes(names: readonly string[], fixed: Readonly<Record<string, number>> = {}): Map<string, number> {
  const indexes = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of names) {
    // hasOwn: a name such as "constructor" must not find Object.prototype's member.
    const known = Object.hasOwn(fixed, name) ? fixed[name] : undefined;
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
