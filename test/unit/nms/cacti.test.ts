import { describe, expect, it } from 'vitest';
import { listOids } from '../../../src/mib/index.js';
import { MISP_AGENTX_MIB } from '../../../src/mib/module.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { renderDataQueryXml } from '../../../src/nms/cacti/data-query-xml.js';
import { DATA_QUERIES, INSTANCES, QUEUES } from '../../../src/nms/cacti/queries.js';
import { renderCactiTemplate } from '../../../src/nms/cacti/template-xml.js';

const ROOT = [1, 3, 6, 1, 4, 1, 99999, 7];
const oidsByName = new Map(listOids(ROOT).map((o) => [o.name, `.${formatOid(o.oid)}`]));

/** Every <tag>value</tag> of a data query file, as [tag, value] in file order. */
const leaves = (xml: string): [string, string][] => [...xml.matchAll(/<(\w+)>([^<\n]*)<\/\1>/g)].map((m) => [m[1] ?? '', m[2] ?? '']);

describe('Cacti data query files', () => {
  it.each(DATA_QUERIES.map((q) => [q.file, q] as const))('%s names only OIDs of the MIB under the given root', (_file, query) => {
    const xml = renderDataQueryXml(query, ROOT);
    const oids = leaves(xml).filter(([tag]) => tag === 'oid' || tag === 'oid_index').map(([, v]) => v);
    expect(oids.length).toBeGreaterThan(3);
    for (const oid of oids) expect([...oidsByName.values()]).toContain(oid);
    expect(xml).not.toContain('8072.9999');
  });

  it('polls each output field at the OID of the MIB object it is named after', () => {
    const xml = renderDataQueryXml(INSTANCES, ROOT);
    const fields = [...xml.matchAll(/<(misp\w+)>\s*<name>[^<]*<\/name>\s*<method>walk<\/method>\s*<source>value<\/source>\s*<direction>output<\/direction>\s*<oid>([^<]+)<\/oid>/g)];
    expect(fields.map((f) => f[1])).toContain('mispWorkersAlive');
    for (const [, name, oid] of fields) expect(oid).toBe(oidsByName.get(name ?? ''));
  });

  it('derives a data query for each table INDEX from the definitions: the new tables and their graphs need no template code', () => {
    expect(DATA_QUERIES.map((q) => q.file)).toEqual([
      'misp-agentx-instances.xml',
      'misp-agentx-queues.xml',
      'misp-agentx-job-types.xml',
      'misp-agentx-sync-servers.xml',
      'misp-agentx-feeds.xml',
      'misp-agentx-diag-modules.xml',
    ]);
    const plotted = new Set(DATA_QUERIES.flatMap((q) => q.graphs.flatMap((g) => g.series.map((s) => s.column.object.name))));
    for (const name of ['mispJobsFailed', 'mispJobsFailedTotal', 'mispFeedEnabledCount', 'mispJobTypePending', 'mispSyncServerPullOutcome', 'mispSyncServerPushAge', 'mispSyncServerLastPushedId', 'mispFeedCacheAge', 'mispFeedFetchOutcome', 'mispFeedFetchAge', 'mispAuthFailures', 'mispLoginFailures', 'mispSyncServerTestStatus', 'mispDiagModuleStatus']) {
      expect(plotted, name).toContain(name);
    }
    // Every level, counter or state column of a table without hand-made graphs is graphed, a column added later too.
    for (const table of MISP_AGENTX_MIB.branches) {
      if (table.kind !== 'table' || ['mispInstanceTable', 'mispWorkersTable', 'mispStatisticsTable', 'mispQueueTable', 'mispDiagnosticsTable', 'mispWorkerTable', 'mispPollTable'].includes(table.name)) continue;
      const skipped = ['mispJobsWindow', 'mispAuthLogCursor', 'mispSyncServerLastPulledId', 'mispFeedSourceFormat', 'mispFeedInputSource'];
      for (const o of table.objects.filter((c) => c.access === 'read-only' && !skipped.includes(c.name) && ['Gauge32', 'Counter32', 'Counter64'].includes(c.syntax.valueType))) {
        expect(plotted, `${table.name}: ${o.name}`).toContain(o.name);
      }
    }
    // A log id is a position, not a quantity: skipped with its reason in src/nms/cacti/queries.ts.
    expect(plotted).not.toContain('mispAuthLogCursor');
    // Derived names: plural of an enumeration, no repeated row label, no trailing underscore in an RRD name.
    const graphs = DATA_QUERIES.flatMap((q) => q.graphs);
    expect(graphs.map((g) => g.name)).toEqual(expect.arrayContaining(['Sync server connection test statuses', 'Auth failures and login failures', 'Auth failures last age']));
    expect(graphs.flatMap((g) => g.series.map((s) => s.ds)).filter((ds) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(ds) || ds.length > 19)).toEqual([]);
    const servers = DATA_QUERIES.find((q) => q.file === 'misp-agentx-sync-servers.xml');
    expect(servers?.rowTitle).toBe('MISP |query_mispSyncServerInstanceName| sync server |query_mispSyncServerName|');
    expect(servers?.inputs.map((i) => i.name)).toEqual(['mispSyncServerRow', 'mispInstanceIndex', 'mispSyncServerId', 'mispSyncServerInstanceName', 'mispSyncServerName']);
    expect(DATA_QUERIES.find((q) => q.file === 'misp-agentx-job-types.xml')?.rowTitle).toBe('MISP instance |query_mispInstanceIndex| job type |query_mispJobTypeName|');
    // A table without a *Name column names its rows by the column its options give.
    expect(DATA_QUERIES.find((q) => q.file === 'misp-agentx-diag-modules.xml')?.rowTitle).toBe('MISP |query_mispDiagModuleInstanceName| diag module |query_mispDiagModuleType|');
  });

  it('graphs counters as rates and everything else as levels', () => {
    const xml = renderCactiTemplate(DATA_QUERIES);
    const types = [...xml.matchAll(/<data_source_name>(\w+)<\/data_source_name>[\s\S]*?<data_source_type_id>(\d)</g)].map((m) => `${m[1]}:${m[2]}`);
    expect(types).toContain('failed_total:2');
    expect(types).toContain('alive:1');
    expect(types.filter((t) => t.endsWith(':2'))).toEqual(['failed_total:2', 'auth_failures:2', 'login_failures:2']);
  });

  it('reads the instance count for the number of instance rows, and two-part indexes for queues', () => {
    expect(renderDataQueryXml(INSTANCES, ROOT)).toContain(`<oid_num_indexes>${oidsByName.get('mispAgentInstanceCount')}.0</oid_num_indexes>`);
    const queues = renderDataQueryXml(QUEUES, ROOT);
    expect(queues).toContain('<oid_index_parse>OID/REGEXP:.*\\.([0-9]+\\.[0-9]+)$</oid_index_parse>');
    const parse = /OID\/REGEXP:(.*)<\/oid_index_parse>/.exec(queues)?.[1] ?? '';
    expect(`${oidsByName.get('mispQueueName')}.1.5`.replace(new RegExp(parse), '$1')).toBe('1.5');
  });
});

describe('Cacti template file', () => {
  const xml = renderCactiTemplate(DATA_QUERIES);
  const graphs = DATA_QUERIES.flatMap((q) => q.graphs);

  it('has a graph template per graph, a data source template per series, both data queries and a device template', () => {
    const count = (type: string): number => xml.match(new RegExp(`^\\t<hash_${type}0103[0-9a-f]{32}>$`, 'gm'))?.length ?? 0;
    expect(count('00')).toBe(graphs.length);
    expect(count('01')).toBe(graphs.flatMap((g) => g.series).length);
    expect(count('04')).toBe(DATA_QUERIES.length);
    expect(count('02')).toBe(1);
  });

  it('maps every series to a data query output field named after a MIB column', () => {
    const fieldNames = [...xml.matchAll(/<snmp_field_name>(\w+)<\/snmp_field_name>/g)].map((m) => m[1]);
    expect(fieldNames).toEqual(graphs.flatMap((g) => g.series.map((s) => s.column.object.name)));
    for (const name of fieldNames) expect(oidsByName.has(name ?? '')).toBe(true);
  });

  it('uses each of its hashes for one object only, and references only hashes it defines or Cacti ships', () => {
    const defined = [...xml.matchAll(/^\t*<(hash_\d{6}[0-9a-f]{32})>$/gm)].map((m) => m[1]);
    expect(new Set(defined).size).toBe(defined.length);
    const referenced = [...xml.matchAll(/>(hash_\d{6}[0-9a-f]{32})</g), ...xml.matchAll(/[>|](hash_\d{6}[0-9a-f]{32})(?=[|<])/g)].map((m) => m[1]);
    const stock = new Set(['bf566c869ac6443b0c75d1c32b5a350e', 'd62c52891f4f9688729a5bc9fad91b18', 'e9c43831e54eca8069317a2ce8c6f751']);
    for (const ref of referenced) {
      const hash = ref?.slice(-32) ?? '';
      if (!stock.has(hash) && !/^hash_07/.test(ref ?? '')) expect(defined.map((d) => d?.slice(-32))).toContain(hash);
    }
  });

  it('gives RRD data sources names rrdtool accepts, unique within a graph', () => {
    for (const graph of graphs) {
      const names = graph.series.map((s) => s.ds);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_]{1,19}$/);
    }
  });

  it('gives every data source template one RRD data source (MariaDB 10.11 leaves the other rows of a multi-value one behind)', () => {
    const templates = xml.split(/^\t<hash_010103/m).slice(1);
    for (const t of templates) expect(t.match(/<data_source_name>/g)).toHaveLength(1);
  });

  it('holds no OID, so that one file serves every OID root', () => {
    expect(xml).not.toMatch(/\.1\.3\.6\.1/);
  });
});
