import type { AgentStatus } from '../domain/agent-status.js';
import type { ValueSource } from '../snmp/oid-tree.js';
import type { Oid } from '../snmp/oid.js';
import type { Branch, Cell, ObjectInfo, ScalarBranch, ServedState, Syntax, TableBranch } from './types.js';

/** A model value, a function computing it at request time (ages, uptime), or null for "not reported". */
export type Reading<T> = T | (() => T) | null;

/** An object that has values, with the accessor that reads one from a row (or from the agent status). */
export interface ReadableObject<Context> extends ObjectInfo {
  readonly read: (context: Context) => ValueSource | null;
}

type ObjectSpec<T> = Omit<ObjectInfo, 'access' | 'syntax'> & { readonly syntax: Syntax<T> };

/** Defines a read-only object whose value comes from `read`, encoded by its syntax. */
export function readOnly<Context, T>(spec: ObjectSpec<T> & { readonly read: (context: Context) => Reading<T> }): ReadableObject<Context> {
  const { read, syntax, ...info } = spec;
  return {
    ...info,
    syntax,
    access: 'read-only',
    read: (context) => {
      const reading = read(context);
      if (reading === null) return null;
      if (typeof reading === 'function') {
        const compute = reading as () => T;
        return () => syntax.encode(compute());
      }
      return syntax.encode(reading);
    },
  };
}

/** Defines a table's index column: part of the INDEX, never served itself. */
export function indexColumn<T>(spec: ObjectSpec<T>): ObjectInfo {
  return { ...spec, access: 'not-accessible' };
}

type BranchSpec = Omit<Branch, 'kind' | 'cells' | 'objects' | 'index' | 'entry'>;

export function scalarBranch(spec: BranchSpec & { readonly scalars: readonly ReadableObject<AgentStatus>[] }): ScalarBranch {
  const { scalars, ...info } = spec;
  return {
    ...info,
    kind: 'scalars',
    objects: scalars,
    *cells({ agent }: ServedState): Iterable<Cell> {
      for (const object of scalars) {
        const value = object.read(agent);
        if (value !== null) yield { object, index: [0], value };
      }
    },
  };
}

export interface TableRow<Row> {
  readonly index: Oid;
  readonly row: Row;
}

export function tableBranch<Row>(
  spec: BranchSpec & {
    readonly entry: TableBranch['entry'];
    readonly index: readonly ObjectInfo[];
    readonly columns: readonly (ObjectInfo | ReadableObject<Row>)[];
    readonly rows: (state: ServedState) => Iterable<TableRow<Row>>;
  },
): TableBranch {
  const { columns, rows, ...info } = spec;
  const readable = columns.filter((c): c is ReadableObject<Row> => 'read' in c);
  return {
    ...info,
    kind: 'table',
    objects: columns,
    *cells(state: ServedState): Iterable<Cell> {
      for (const { index, row } of rows(state)) {
        for (const object of readable) {
          const value = object.read(row);
          if (value !== null) yield { object, index, value };
        }
      }
    },
  };
}

/** Whole seconds since `at` (a performance.now() time), computed when a manager asks. */
export function ageSeconds(at: number): () => number {
  return () => Math.max(0, Math.floor((performance.now() - at) / 1000));
}

/** Whole seconds since `at`, a wall-clock time in epoch milliseconds that MISP wrote, computed when a manager asks. */
export function wallAgeSeconds(at: number): () => number {
  return () => Math.max(0, Math.floor((Date.now() - at) / 1000));
}
