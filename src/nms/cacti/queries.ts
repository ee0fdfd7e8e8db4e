import { type Column, column, type Scalar, scalar } from '../mib-objects.js';
import { tableQuery, tablesByIndex, type QueryOptions } from './table-queries.js';

/** How a series is drawn (Cacti graph item types). */
export type Draw = 'AREA' | 'LINE1' | 'LINE2';

/** One data source of a graph: a column polled for each row of the query, under a short RRD name. */
export interface Series {
  readonly column: Column;
  /** The RRD data source name: at most 19 characters of [a-z0-9_]. */
  readonly ds: string;
  readonly draw: Draw;
  /** RRGGBB. */
  readonly colour: string;
  readonly label: string;
}

export interface Graph {
  /** What the template hashes derive from, when not the name (derived graphs, whose names follow their columns). */
  readonly key?: string;
  /** Names the graph and data source templates: "MISP - <name>". */
  readonly name: string;
  readonly verticalLabel: string;
  readonly series: readonly Series[];
}

/** An input field of the data query: shown in Cacti's list of rows and usable in titles as |query_<name>|. */
export interface InputField {
  readonly name: string;
  readonly label: string;
  readonly column: Column;
  /** value: the column's value; a regular expression: a part of each OID the walk of the column returns. */
  readonly source: 'value' | { readonly oidRegexp: string };
}

export interface DataQuery {
  /** The data query XML's file name under Cacti's resource/snmp_queries/. */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** The column walked to find the rows. */
  readonly indexColumn: Column;
  /** The row index in the walked OIDs (one sub-identifier or two). */
  readonly indexRegexp: string;
  /** A scalar holding the number of rows, if the MIB has one. */
  readonly rowCount?: Scalar;
  readonly orderType: 'numeric' | 'alphanumeric';
  readonly inputs: readonly InputField[];
  /** How graph titles name a row, with |query_<input>| placeholders. */
  readonly rowTitle: string;
  readonly graphs: readonly Graph[];
}

const GREEN = '00CF00';
const RED = 'FF0000';
const ORANGE = 'FF7D00';
const BLUE = '0000FF';
const PURPLE = '8D00BA';
const TEAL = '00BED9';
const LIGHT_GREY = 'C0C0C0';

const series = (name: string, ds: string, draw: Draw, colour: string, label: string): Series => ({ column: column(name), ds, draw, colour, label });

/** Alive, dead, unknown and missing workers: the columns <prefix>Alive, <prefix>Dead, <prefix>Unknown, <prefix>Missing. */
const workerSeries = (prefix: string): Series[] => [
  series(`${prefix}Alive`, 'alive', 'AREA', GREEN, 'Alive'),
  series(`${prefix}Dead`, 'dead', 'LINE2', RED, 'Dead'),
  series(`${prefix}Unknown`, 'unknown', 'LINE1', ORANGE, 'Unknown'),
  series(`${prefix}Missing`, 'missing', 'LINE2', PURPLE, 'Missing'),
];

/** Running against expected workers, and those MISP lists but does not mark ok: <prefix>Running, <prefix>Expected, <prefix>NotOk. */
const expectationSeries = (prefix: string): Series[] => [
  series(`${prefix}Running`, 'running', 'AREA', GREEN, 'Running'),
  series(`${prefix}Expected`, 'expected', 'LINE2', BLUE, 'Expected'),
  series(`${prefix}NotOk`, 'not_ok', 'LINE2', RED, 'Listed, not ok'),
];

/** The hand-made graphs of the instance tables (mispInstanceTable, mispWorkersTable, mispStatisticsTable). */
const INSTANCE_GRAPHS: readonly Graph[] = [
  {
    name: 'Workers',
    verticalLabel: 'workers',
    series: workerSeries('mispWorkers'),
  },
  { name: 'Workers expected and running', verticalLabel: 'workers', series: expectationSeries('mispWorkers') },
  { name: 'Jobs pending', verticalLabel: 'jobs', series: [series('mispWorkersJobsPending', 'jobs_pending', 'AREA', BLUE, 'Jobs pending')] },
  { name: 'Events modified this month', verticalLabel: 'events', series: [series('mispStatEventsMonth', 'events_month', 'AREA', PURPLE, 'Events')] },
  {
    name: 'Attributes modified this month',
    verticalLabel: 'attributes',
    series: [series('mispStatAttributesMonth', 'attributes_month', 'AREA', TEAL, 'Attributes')],
  },
  {
    name: 'Users and organisations',
    verticalLabel: 'count',
    series: [
      series('mispStatUsers', 'users', 'LINE2', BLUE, 'Users'),
      series('mispStatOrganisations', 'orgs', 'LINE2', ORANGE, 'Organisations'),
      series('mispStatLocalOrganisations', 'local_orgs', 'LINE1', GREEN, 'Local organisations'),
    ],
  },
  {
    name: 'HTTP response time',
    verticalLabel: 'microseconds',
    series: [
      // Not stacked: the agent times each phase on its own, and they need not add up to the total.
      series('mispInstanceProbeTotal', 'total', 'AREA', LIGHT_GREY, 'Total'),
      series('mispInstanceProbeTtfb', 'ttfb', 'LINE2', GREEN, 'First byte'),
      series('mispInstanceProbeConnect', 'connect', 'LINE1', BLUE, 'Connect'),
      series('mispInstanceProbeTls', 'tls', 'LINE1', TEAL, 'TLS'),
      series('mispInstanceProbeDns', 'dns', 'LINE1', PURPLE, 'DNS'),
    ],
  },
  {
    name: 'Data age',
    verticalLabel: 'seconds',
    series: [series('mispInstanceDataAge', 'data_age', 'AREA', ORANGE, 'Age of the newest good data')],
  },
];

/** The hand-made graphs of mispQueueTable. */
const QUEUE_GRAPHS: readonly Graph[] = [
  { name: 'Queue jobs pending', verticalLabel: 'jobs', series: [series('mispQueueJobsPending', 'jobs_pending', 'AREA', BLUE, 'Jobs pending')] },
  {
    name: 'Queue workers',
    verticalLabel: 'workers',
    series: workerSeries('mispQueueWorkers'),
  },
  { name: 'Queue workers expected and running', verticalLabel: 'workers', series: expectationSeries('mispQueueWorkers') },
];

/**
 * Tables without a data query: diagnostics (off by default; flags and text, which an NMS alerts on
 * rather than graphs), single workers (process ids and flags) and poll groups (the instance graphs
 * show the data age; a group's failure is a status to alert on).
 */
const NOT_GRAPHED = new Set(['mispDiagnosticsTable', 'mispWorkerTable', 'mispPollTable']);

/** What the definitions cannot say, by the table Cacti walks for the rows; any other table needs nothing here. */
const OPTIONS: Readonly<Record<string, QueryOptions>> = {
  mispInstanceTable: {
    rowCount: scalar('mispAgentInstanceCount'),
    extraInputs: ['mispInstanceUrl'],
    curated: { tables: ['mispInstanceTable', 'mispWorkersTable', 'mispStatisticsTable'], graphs: INSTANCE_GRAPHS },
    // The window is the agent's setting, not a measurement; the log cursor is a position in MISP's
    // log (a row id that only grows), not a quantity: its graph would be a rising line that says nothing.
    skip: ['mispJobsWindow', 'mispAuthLogCursor'],
  },
  mispQueueTable: { curated: { tables: ['mispQueueTable'], graphs: QUEUE_GRAPHS } },
  // MISP 2.5 never writes lastpulledid: a graph of it would stay empty (MIB: mispSyncServerLastPulledId).
  mispSyncServerTable: { skip: ['mispSyncServerLastPulledId'] },
  // A feed's format and input are its settings, not measurements.
  mispFeedTable: { skip: ['mispFeedSourceFormat', 'mispFeedInputSource'] },
  // Graph titles name the service type (Enrichment, Import, ...), not the row index.
  mispDiagModuleTable: { rowName: 'mispDiagModuleType' },
};

/** A data query for each INDEX of the MIB's tables that has something to graph, in OID order. */
export const DATA_QUERIES: readonly DataQuery[] = tablesByIndex(NOT_GRAPHED)
  .map((tables) => tableQuery(tables, OPTIONS[tables[0]?.name ?? '']))
  .filter((query) => query.graphs.length > 0);

const byFile = (file: string): DataQuery => {
  const query = DATA_QUERIES.find((q) => q.file === file);
  if (query === undefined) throw new Error(`no data query ${file}`);
  return query;
};
export const INSTANCES = byFile('misp-agentx-instances.xml');
export const QUEUES = byFile('misp-agentx-queues.xml');
