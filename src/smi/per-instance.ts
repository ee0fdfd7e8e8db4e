import type { InstanceSnapshot } from '../domain/snapshot.js';
import { indexColumn, type TableRow } from './define.js';
import { integer32 } from './syntaxes.js';
import type { ServedState } from './types.js';

/** The index of mispInstanceTable, which every per-instance table shares. */
export const instanceIndex = indexColumn({
  name: 'mispInstanceIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: 'The position of the MISP instance in the configuration, from 1.',
  source: 'misp-agentx configuration',
  permission: 'agent',
});

/** Rows of a table indexed by instance alone: one for each instance whose `pick` has data. */
export function instanceRows<Row>(pick: (instance: InstanceSnapshot) => Row | null): (state: ServedState) => TableRow<Row>[] {
  return ({ instances }) =>
    instances.flatMap((instance) => {
      const row = pick(instance);
      return row === null ? [] : [{ index: [instance.index], row }];
    });
}
