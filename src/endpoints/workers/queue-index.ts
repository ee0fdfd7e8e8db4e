import { assignNameIndexes } from '../../common/name-index.js';

/** MISP's own queues keep fixed rows: the MIB's queue table index for them never changes. */
export const KNOWN_QUEUE_INDEX: Readonly<Record<string, number>> = Object.freeze({
  default: 1,
  prio: 2,
  email: 3,
  cache: 4,
  update: 5,
  scheduler: 6,
});

/** Index for every queue name of one answer: fixed for known queues, hashed from the name for others. */
export function assignQueueIndexes(names: readonly string[]): Map<string, number> {
  return assignNameIndexes(names, KNOWN_QUEUE_INDEX);
}
