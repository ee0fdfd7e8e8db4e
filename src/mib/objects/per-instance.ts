import type { InstanceSnapshot } from '../../domain/snapshot.js';
import type { TableRow } from '../definition/define.js';
import type { ServedState } from '../definition/types.js';

/** Rows of a table indexed by instance alone: one for each instance whose `pick` has data. */
export function instanceRows<Row>(pick: (instance: InstanceSnapshot) => Row | null): (state: ServedState) => TableRow<Row>[] {
  return ({ instances }) =>
    instances.flatMap((instance) => {
      const row = pick(instance);
      return row === null ? [] : [{ index: [instance.index], row }];
    });
}
