import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignQueueIndexes } from '../../../src/endpoints/workers/queue-index.js';

describe('assignQueueIndexes', () => {
  it('gives MISP queues their fixed numbers', () => {
    const indexes = assignQueueIndexes(['scheduler', 'update', 'cache', 'email', 'prio', 'default']);
    expect(Object.fromEntries(indexes)).toEqual({ default: 1, prio: 2, email: 3, cache: 4, update: 5, scheduler: 6 });
  });
  it('numbers other queues above them, the same whatever else is listed (stable across restarts)', () => {
    const alone = assignQueueIndexes(['custom']).get('custom');
    const withOthers = assignQueueIndexes(['default', 'zeta', 'custom', 'alpha']).get('custom');
    expect(alone).toBeGreaterThan(6);
    expect(withOthers).toBe(alone);
  });
  it('does not mistake Object.prototype members for known queues', () => {
    expect(assignQueueIndexes(['constructor', 'toString']).get('constructor')).toBeGreaterThan(6);
  });
  it('gives distinct indexes within one answer, independent of order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 60 }), (names) => {
        const forward = assignQueueIndexes(names);
        const backward = assignQueueIndexes([...names].reverse());
        const values = [...forward.values()];
        return new Set(values).size === names.length && names.every((name) => forward.get(name) === backward.get(name));
      }),
    );
  });
});
