import { MISP_AGENTX_MIB } from '../../mib/module.js';
import type { ObjectInfo, TableBranch } from '../../smi/types.js';
import { column, type Scalar } from '../mib-objects.js';
import type { DataQuery, Graph, InputField, Series } from './queries.js';

/** What the definitions cannot say about a data query: all optional, so a new table needs none of it. */
export interface QueryOptions {
  /** A scalar holding the number of rows. */
  readonly rowCount?: Scalar;
  /** Text columns shown in Cacti's list of rows besides the *Name columns. */
  readonly extraInputs?: readonly string[];
  /** The text column that names a row, for a table without a <prefix>Name column. */
  readonly rowName?: string;
  /** Hand-made graphs for some tables of the query; their other columns are not graphed. */
  readonly curated?: { readonly tables: readonly string[]; readonly graphs: readonly Graph[] };
  /** Columns never graphed, each for a reason given where the option is set. */
  readonly skip?: readonly string[];
}

const PALETTE = ['0000FF', '00CF00', 'FF0000', 'FF7D00', '8D00BA', '00BED9', 'C0C0C0', '7F7F00'] as const;
/** rrdtool's limit on a data source name. */
const RRD_NAME_LENGTH = 19;

const camelWords = (name: string): string[] => name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [name];
const lower = (words: readonly string[]): string => words.join(' ').toLowerCase();
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
/** "job outcome" -> "job outcomes", "connection test status" -> "connection test statuses". */
const pluralOf = (text: string): string => `${text}${text.endsWith('s') ? 'es' : 's'}`;

/** The camel-case words every column name of the table starts with (mispSyncServer for mispSyncServerTable). */
function columnPrefix(table: TableBranch): string[] {
  const names = table.objects.map((o) => camelWords(o.name));
  const first = names[0] ?? [];
  let length = 0;
  while (length < first.length - 1 && names.every((words) => words.length > length + 1 && words[length] === first[length])) length++;
  return first.slice(0, length);
}

/** The words of a column after its table's prefix: mispSyncServerPullAge -> ["Pull", "Age"]. */
const ownWords = (table: TableBranch, object: ObjectInfo): string[] => camelWords(object.name).slice(columnPrefix(table).length);
/** What one row of the table is: mispSyncServerTable -> "sync server". */
const rowLabel = (table: TableBranch): string => lower(camelWords(table.name).slice(1, -1));

const isText = (o: ObjectInfo): boolean => o.syntax.valueType === 'OctetString';
const isCounter = (o: ObjectInfo): boolean => o.syntax.name === 'Counter32' || o.syntax.name === 'Counter64';
const isEnumeration = (o: ObjectInfo): boolean => o.syntax.enumeration !== undefined && o.syntax.name !== 'TruthValue';

/**
 * Graphed: levels, counters and enumerated states. Not graphed: text, TruthValue flags (an NMS alerts
 * on those, Zabbix's template does) and plain Integer32 (codes and process ids, not quantities).
 */
function graphable(o: ObjectInfo): boolean {
  if (o.access !== 'read-only' || isText(o)) return false;
  return isEnumeration(o) || o.syntax.valueType === 'Gauge32' || o.syntax.valueType === 'Counter32' || o.syntax.valueType === 'Counter64';
}

/** Columns graphed together: one enumeration, or one unit counted the same way (level or rate). */
const measureKey = (o: ObjectInfo): string => (isEnumeration(o) ? o.syntax.name : `${isCounter(o) ? 'rate' : 'level'}/${o.units ?? o.name}`);

function verticalLabel(o: ObjectInfo): string {
  if (isEnumeration(o)) return `${lower(camelWords(o.syntax.name).filter((w) => w !== 'Misp'))} code`;
  if (isCounter(o)) return `${o.units ?? 'events'} per second`;
  return o.units ?? 'value';
}

function seriesOf(table: TableBranch, objects: readonly ObjectInfo[]): Series[] {
  return objects.map((object, i) => {
    const words = ownWords(table, object);
    return {
      column: column(object.name),
      ds: lower(words).replace(/ /g, '_').slice(0, RRD_NAME_LENGTH).replace(/_+$/, ''),
      draw: 'LINE2',
      colour: PALETTE[i % PALETTE.length] ?? PALETTE[0],
      label: capitalised(lower(words)),
    };
  });
}

/** A graph for each measure of the table's graphable columns, named from the columns. */
export function derivedGraphs(table: TableBranch, skip: readonly string[] = []): Graph[] {
  const groups = new Map<string, ObjectInfo[]>();
  for (const object of table.objects.filter((o) => graphable(o) && !skip.includes(o.name))) {
    groups.set(measureKey(object), [...(groups.get(measureKey(object)) ?? []), object]);
  }
  const label = capitalised(rowLabel(table));
  return [...groups].map(([measure, objects]) => {
    const series = seriesOf(table, objects);
    const first = objects[0] as ObjectInfo;
    const labels = series.map((s) => s.label.toLowerCase());
    const measured = isEnumeration(first) ? pluralOf(verticalLabel(first).replace(/ code$/, '')) : `${labels.slice(0, -1).join(', ')}${labels.length > 1 ? ' and ' : ''}${labels.at(-1)}`;
    // Columns whose names start with the row label ("auth failures" in mispAuthFailuresTable) do not repeat it.
    const named = measured.startsWith(label.toLowerCase()) ? capitalised(measured) : `${label} ${measured}`;
    return { key: `${table.name}/${measure}`, name: named, verticalLabel: verticalLabel(first), series };
  });
}

/** OID/REGEXP picking index part `position` of `count` from the end of a walked OID. */
const indexPartRegexp = (position: number, count: number): string => `.*\\.([0-9]+)${'\\.[0-9]+'.repeat(count - 1 - position)}$`;
const wholeIndexRegexp = (count: number): string => `.*\\.([0-9]+${'\\.[0-9]+'.repeat(count - 1)})$`;

/**
 * The data query of the tables sharing `tables[0]`'s index: Cacti walks the first readable column of
 * that table for the rows; the index parts and the *Name text columns are input fields; the graphable
 * columns of every table become graphs, derived unless `options.curated` draws them by hand.
 */
export function tableQuery(tables: readonly TableBranch[], options: QueryOptions = {}): DataQuery {
  const [walked] = tables;
  if (walked === undefined) throw new Error('a data query needs a table');
  const index = walked.index;
  for (const part of index) if (part.syntax.valueType !== 'Integer') throw new Error(`${walked.name}: index ${part.name} is not an integer, which the data query's OID/REGEXP expects`);
  const firstColumn = walked.objects.find((o) => o.access === 'read-only');
  if (firstColumn === undefined) throw new Error(`${walked.name} has no readable column to walk`);
  const prefix = columnPrefix(walked).join('');
  const indexColumn = column(firstColumn.name);
  const label = rowLabel(walked);
  const indexLabel = (o: ObjectInfo): string => lower(camelWords(o.name).filter((w) => w !== 'misp' && w !== 'Index'));
  const parts: InputField[] = index.map((part, i) => ({
    name: part.name,
    label: index.length === 1 ? 'Index' : capitalised(indexLabel(part)),
    column: indexColumn,
    source: { oidRegexp: indexPartRegexp(i, index.length) },
  }));
  const whole: InputField[] =
    index.length === 1 ? [] : [{ name: `${prefix}Row`, label: `Index (${index.map(indexLabel).join('.')})`, column: indexColumn, source: { oidRegexp: wholeIndexRegexp(index.length) } }];
  const ownName = options.rowName ?? `${prefix}Name`;
  const instanceName = `${prefix}InstanceName`;
  const texts = (options.extraInputs ?? []).concat(options.rowName ?? [], walked.objects.filter((o) => o.access === 'read-only' && isText(o) && o.name.endsWith('Name')).map((o) => o.name));
  // Cacti names a row by the first input of index_order (the inputs reversed) whose values are unique: the row's own name first.
  const named = [...new Set(texts)].sort((a, b) => Number(a === ownName) - Number(b === ownName));
  const inputs: InputField[] = [
    ...whole,
    ...parts,
    ...named.map((name): InputField => ({ name, label: capitalised(lower(camelWords(name).slice(columnPrefix(walked).length))), column: column(name), source: 'value' })),
  ];
  const has = (name: string): boolean => named.includes(name);
  const instancePart = index.length === 1 ? '' : has(instanceName) ? `|query_${instanceName}| ` : `instance |query_${index[0]?.name}| `;
  const rowTitle = index.length === 1 && has(ownName) ? `MISP |query_${ownName}|` : `MISP ${instancePart}${label} |query_${has(ownName) ? ownName : whole[0]?.name ?? parts[0]?.name}|`;
  const curated = options.curated;
  const graphs = [
    ...(curated?.graphs ?? []),
    ...tables.filter((t) => !curated?.tables.includes(t.name)).flatMap((t) => derivedGraphs(t, options.skip)),
  ];
  const plural = `${camelWords(walked.name).slice(1, -1).join(' ')}s`;
  const others = tables.slice(1).map((t) => t.name);
  return {
    file: `misp-agentx-${plural.toLowerCase().replace(/ /g, '-')}.xml`,
    name: `MISP AgentX - ${capitalised(plural.toLowerCase())}`,
    description: `Rows of MISP-AGENTX-MIB ${walked.name}${others.length > 0 ? ` and the tables indexed like it (${others.join(', ')})` : ''}: ${walked.description.split('. ')[0]?.replace(/\.$/, '')}.`,
    indexColumn,
    indexRegexp: wholeIndexRegexp(index.length),
    ...(options.rowCount ? { rowCount: options.rowCount } : {}),
    orderType: index.length === 1 ? 'numeric' : 'alphanumeric',
    inputs,
    rowTitle,
    graphs,
  };
}

/** The MIB's tables, grouped by their INDEX: each group is one data query. */
export function tablesByIndex(exclude: ReadonlySet<string>): TableBranch[][] {
  const groups = new Map<string, TableBranch[]>();
  for (const branch of MISP_AGENTX_MIB.branches) {
    if (branch.kind !== 'table' || exclude.has(branch.name)) continue;
    const key = branch.index.map((o) => o.name).join(',');
    groups.set(key, [...(groups.get(key) ?? []), branch]);
  }
  return [...groups.values()];
}
