import { type XmlElement, renderXml } from '../xml.js';
import { ourHash, STOCK } from './hashes.js';
import type { DataQuery, Draw, Graph, Series } from './queries.js';

const GRAPH_TYPE: Readonly<Record<Draw | 'GPRINT', number>> = { LINE1: 4, LINE2: 5, AREA: 7, GPRINT: 9 };
const LINE_WIDTH: Readonly<Record<Draw, string>> = { LINE1: '1.00', LINE2: '2.00', AREA: '0.00' };
const CF = { AVERAGE: 1, MAX: 3, LAST: 4 } as const;
/** Cacti's data source types: a Counter32/Counter64 is graphed as its rate, everything else as the level it is. */
const dataSourceType = (series: Series): number => (['Counter32', 'Counter64'].includes(series.column.object.syntax.name) ? 2 : 1);
/** The GPRINTs after each series, as Cacti's own templates have them. */
const LEGEND = [
  { cf: CF.LAST, text: 'Current:' },
  { cf: CF.AVERAGE, text: 'Average:' },
  { cf: CF.MAX, text: 'Maximum:' },
] as const;
/** rrdtool's rule for data source names. */
const RRD_DS_NAME = /^[a-zA-Z0-9_]{1,19}$/;
/** Cacti's "Host Template" class for the device template. */
const DEVICE_CLASS = 'application';

/** Every field of a graph (struct_graph), each with its "use per-graph value" switch off. */
function graphFields(title: string, verticalLabel: string): XmlElement[] {
  const values: [string, string | number][] = [
    ['title', title],
    ['vertical_label', verticalLabel],
    ['image_format_id', 1],
    ['height', 200],
    ['width', 700],
    ['base_value', 1000],
    ['slope_mode', 'on'],
    ['auto_scale', 'on'],
    ['auto_scale_opts', 2],
    ['auto_scale_log', ''],
    ['scale_log_units', ''],
    ['auto_scale_rigid', ''],
    ['upper_limit', 100],
    ['lower_limit', 0],
    ['unit_value', ''],
    ['unit_exponent_value', ''],
    ['unit_length', ''],
    ['no_gridfit', ''],
    ['alt_y_grid', ''],
    ['right_axis', ''],
    ['right_axis_label', ''],
    ['right_axis_format', 0],
    ['right_axis_formatter', 0],
    ['left_axis_formatter', 0],
    ['auto_padding', 'on'],
    ['dynamic_labels', ''],
    ['force_rules_legend', ''],
    ['tab_width', 30],
    ['legend_position', 0],
    ['legend_direction', 0],
  ];
  return values.flatMap(([name, value]): XmlElement[] => [[`t_${name}`, ''], [name, value]]);
}

interface Names {
  readonly query: DataQuery;
  readonly graph: Graph;
}
const key = ({ query, graph }: Names): string => `${query.file}/${graph.key ?? graph.name}`;
const templateName = ({ graph }: Names): string => `MISP - ${graph.name}`;
const title = ({ query, graph }: Names): string => `|host_description| - ${query.rowTitle} - ${graph.name}`;
/**
 * Each series has a data source (RRD) of its own. MariaDB 10.11's MEMORY tables (Debian 12) delete
 * only the first row of `DELETE FROM poller_output WHERE local_data_id = N`, so Cacti leaves the
 * other values of a multi-value data source behind at every poll and logs "Data Template ... is
 * impacted by lack of complete information" (docs/cacti.md). With one value per data source, every
 * DELETE removes the one row there is. A single-series graph keeps the keys it always had.
 */
function dataSourceKey(names: Names, series: Series): string {
  return names.graph.series.length === 1 ? key(names) : `${key(names)}/${series.ds}`;
}
const dsItemHash = (names: Names, series: Series): string =>
  ourHash('dataTemplateItem', names.graph.series.length === 1 ? `${key(names)}/${series.ds}` : `${dataSourceKey(names, series)}/value`);
const dataTemplateHash = (names: Names, series: Series): string => ourHash('dataTemplate', dataSourceKey(names, series));
const dataTemplateName = (names: Names, series: Series): string => (names.graph.series.length === 1 ? templateName(names) : `${templateName(names)} - ${series.label}`);

function graphItem(fields: { type: number; ds: string; colour: string; cf: number; text: string; lineWidth: string; hardReturn: boolean; sequence: number }): XmlElement[] {
  return [
    ['graph_type_id', fields.type],
    ['task_item_id', fields.ds],
    ['color_id', fields.colour],
    ['alpha', 'FF'],
    ['consolidation_function_id', fields.cf],
    ['cdef_id', 0],
    ['vdef_id', 0],
    ['shift', ''],
    ['value', ''],
    ['gprint_id', STOCK.normalGprint],
    ['textalign', ''],
    ['text_format', fields.text],
    ['hard_return', fields.hardReturn ? 'on' : ''],
    ['line_width', fields.lineWidth],
    ['dashes', ''],
    ['dash_offset', 0],
    ['sequence', fields.sequence],
  ];
}

function graphTemplate(names: Names): XmlElement {
  const { graph } = names;
  const width = Math.max(...graph.series.map((s) => s.label.length));
  const perSeries = graph.series.map((series, i) => {
    const ds = dsItemHash(names, series);
    const itemKey = (part: string): string => ourHash('graphTemplateItem', `${key(names)}/${series.ds}/${part}`);
    const first = i * (1 + LEGEND.length) + 1;
    const items: XmlElement[] = [
      [itemKey('draw'), graphItem({ type: GRAPH_TYPE[series.draw], ds, colour: series.colour, cf: CF.AVERAGE, text: series.label.padEnd(width), lineWidth: LINE_WIDTH[series.draw], hardReturn: false, sequence: first })],
      ...LEGEND.map((legend, j): XmlElement => [
        itemKey(legend.text),
        graphItem({ type: GRAPH_TYPE.GPRINT, ds, colour: '0', cf: legend.cf, text: legend.text, lineWidth: '0.00', hardReturn: j === LEGEND.length - 1, sequence: first + j + 1 }),
      ]),
    ];
    const input: XmlElement = [
      ourHash('graphTemplateInput', `${key(names)}/${series.ds}`),
      [
        ['name', `Data Source [${series.ds}]`],
        ['description', ''],
        ['column_name', 'task_item_id'],
        ['items', items.map(([hash]) => hash).join('|')],
      ],
    ];
    return { items, input };
  });
  return [
    ourHash('graphTemplate', key(names)),
    [
      ['name', templateName(names)],
      ['graph', graphFields(title(names), graph.verticalLabel)],
      ['items', perSeries.flatMap((s) => s.items)],
      ['inputs', perSeries.map((s) => s.input)],
    ],
  ];
}

function dataTemplate(names: Names, series: Series): XmlElement {
  const item: XmlElement = [
    dsItemHash(names, series),
    [
      ['t_data_source_name', ''],
      ['data_source_name', series.ds],
      ['t_rrd_minimum', ''],
      ['rrd_minimum', 0],
      ['t_rrd_maximum', ''],
      ['rrd_maximum', 'U'],
      ['t_data_source_type_id', ''],
      ['data_source_type_id', dataSourceType(series)],
      ['t_rrd_heartbeat', ''],
      ['rrd_heartbeat', 600],
      ['t_data_input_field_id', ''],
      ['data_input_field_id', 0],
    ],
  ];
  const data = STOCK.snmpIndexedFields.map((field, i): XmlElement => [
    `item_${String(i).padStart(3, '0')}`,
    [
      ['data_input_field_id', field.ref],
      ['t_value', field.templated ? 'on' : ''],
      ['value', ''],
    ],
  ]);
  const dsTitle = names.graph.series.length === 1 ? title(names) : `${title(names)} - ${series.label}`;
  return [
    dataTemplateHash(names, series),
    [
      ['name', dataTemplateName(names, series)],
      [
        'ds',
        [
          ['t_name', ''],
          ['name', dsTitle],
          ['data_source_path', ''],
          ['data_input_id', STOCK.snmpIndexed],
          ['t_data_source_profile_id', ''],
          ['data_source_profile_id', STOCK.fiveMinuteProfile],
          ['t_rrd_step', ''],
          ['rrd_step', 300],
          ['t_active', ''],
          ['active', 'on'],
        ],
      ],
      ['items', [item]],
      ['data', data],
    ],
  ];
}

function dataQuery(query: DataQuery): XmlElement {
  const graphs = query.graphs.map((graph): XmlElement => {
    const names = { query, graph };
    return [
      ourHash('dataQueryGraph', key(names)),
      [
        ['graph_template_id', ourHash('graphTemplate', key(names))],
        ['name', templateName(names)],
        [
          'rrd',
          graph.series.map((series, i): XmlElement => [
            `item_${String(i).padStart(3, '0')}`,
            [
              ['snmp_field_name', series.column.object.name],
              ['data_template_id', dataTemplateHash(names, series)],
              ['data_template_rrd_id', dsItemHash(names, series)],
            ],
          ]),
        ],
        ['sv_graph', []],
        ['sv_data_source', []],
      ],
    ];
  });
  return [
    ourHash('dataQuery', query.file),
    [
      ['name', query.name],
      ['description', query.description],
      ['xml_path', `<path_cacti>/resource/snmp_queries/${query.file}`],
      ['data_input_id', STOCK.snmpIndexed],
      ['graphs', graphs],
    ],
  ];
}

/**
 * The Cacti template file (the format of Cacti 1.2's export, read by cli/import_template.php):
 * a device template, the data queries, a graph template for each graph and a data source template
 * for each series. It holds no OID: those live in the data query files, so it serves every OID root.
 */
export function renderCactiTemplate(queries: readonly DataQuery[]): string {
  for (const series of queries.flatMap((q) => q.graphs.flatMap((g) => g.series))) {
    if (!RRD_DS_NAME.test(series.ds)) throw new Error(`"${series.ds}" is not a valid RRD data source name (1 to 19 of [a-zA-Z0-9_])`);
  }
  const device: XmlElement = [
    ourHash('hostTemplate', 'device'),
    [
      ['name', 'MISP AgentX Device'],
      ['class', DEVICE_CLASS],
      ['graph_templates', ''],
      ['data_queries', queries.map((q) => ourHash('dataQuery', q.file)).join('|')],
    ],
  ];
  const elements: XmlElement[] = [
    device,
    ...queries.map(dataQuery),
    ...queries.flatMap((query) => query.graphs.flatMap((graph) => [graphTemplate({ query, graph }), ...graph.series.map((series) => dataTemplate({ query, graph }, series))])),
  ];
  return renderXml([['cacti', elements]]);
}
