import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOids } from '../../../src/mib/index.js';
import { NOTIFICATION_KINDS } from '../../../src/domain/notification-kinds.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { STATUS_CODES } from '../../../src/domain/snapshot.js';
import { MACROS, renderZabbixTemplate, TEMPLATE_NAME } from '../../../src/nms/zabbix/template.js';

const ROOT = [1, 3, 6, 1, 4, 1, 99999, 7];
const listing = listOids(ROOT);
const readable = new Set(listing.filter((o) => o.kind === 'scalar' || o.kind === 'column').map((o) => formatOid(o.oid)));
const notifications = new Set(listing.filter((o) => o.kind === 'notification').map((o) => o.name));

interface Trigger {
  uuid: string;
  name: string;
  expression: string;
  recovery_expression?: string;
  description: string;
  opdata?: string;
  dependencies?: { name: string; expression: string }[];
}
interface Item {
  uuid: string;
  key: string;
  name: string;
  type: string;
  snmp_oid?: string;
  status?: string;
  valuemap?: { name: string };
  preprocessing?: { type: string; parameters: string[] }[];
}
interface Rule {
  uuid: string;
  key: string;
  snmp_oid: string;
  item_prototypes: Item[];
  trigger_prototypes?: Trigger[];
}
interface Template {
  uuid: string;
  template: string;
  items: Item[];
  discovery_rules: Rule[];
  macros: { macro: string }[];
  valuemaps: { uuid: string; name: string }[];
}

const exported = parse(renderZabbixTemplate(ROOT)) as { zabbix_export: { version: string; templates: Template[]; triggers: Trigger[] } };
const template = exported.zabbix_export.templates[0] as Template;
const prototypes = template.discovery_rules.flatMap((r) => r.item_prototypes);
const allItems = [...template.items, ...prototypes];
const snmpItems = template.items.filter((i) => i.type === 'SNMP_AGENT');
const triggers = [...exported.zabbix_export.triggers, ...template.discovery_rules.flatMap((r) => r.trigger_prototypes ?? [])];

describe('Zabbix template', () => {
  it('is a Zabbix 6.0 export with one template', () => {
    expect(exported.zabbix_export.version).toBe('6.0');
    expect(template.template).toBe(TEMPLATE_NAME);
  });

  it('polls scalars at .0 and prototypes at {#SNMPINDEX} of readable MIB objects under the root', () => {
    for (const item of snmpItems) expect(readable).toContain(item.snmp_oid?.replace(/\.0$/, ''));
    for (const item of prototypes) {
      expect(item.snmp_oid).toMatch(/\.\{#SNMPINDEX\}$/);
      expect(readable).toContain(item.snmp_oid?.replace(/\.\{#SNMPINDEX\}$/, ''));
      expect(item.key).toContain('[{#SNMPINDEX}]');
    }
  });

  it('discovers instances, queues, sync servers, feeds, critical settings and misp-modules types by walking name columns of the MIB', () => {
    expect(template.discovery_rules.map((r) => r.key)).toEqual(['misp.instance.discovery', 'misp.queue.discovery', 'misp.server.discovery', 'misp.feed.discovery', 'misp.setting.discovery', 'misp.module.discovery']);
    for (const rule of template.discovery_rules) {
      const oids = [...rule.snmp_oid.matchAll(/,([0-9.]+)/g)].map((m) => m[1]);
      expect(oids.length).toBeGreaterThan(0);
      for (const oid of oids) expect(readable).toContain(oid);
    }
  });

  it('has unique keys and UUIDv4s', () => {
    const keys = allItems.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    const uuids = [template.uuid, ...allItems.map((i) => i.uuid), ...template.discovery_rules.map((r) => r.uuid), ...triggers.map((t) => t.uuid), ...template.valuemaps.map((v) => v.uuid)];
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });

  it('has a trigger for each condition the agent notifies, naming its NOTIFICATION-TYPE', () => {
    const named = triggers.flatMap((t) => /sends (\w+) /.exec(t.description)?.[1] ?? []);
    expect(named).toHaveLength(NOTIFICATION_KINDS.length);
    for (const name of named) expect(notifications).toContain(name);
  });

  it('has a problem for every status but ok and notYetPolled, unreachable by its own trigger on reachable', () => {
    const statusCodes = new Set(triggers.flatMap((t) => [.../misp\.instance\.status\[\{#SNMPINDEX\}\](?:,[^)]*)?\)=(\d+)/.exec(t.expression)?.slice(1) ?? []]).map(Number));
    const expected = Object.entries(STATUS_CODES).filter(([s]) => !['ok', 'notYetPolled', 'unreachable'].includes(s)).map(([, code]) => code);
    expect([...statusCodes].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    expect(triggers.some((t) => t.expression.includes('misp.instance.reachable[{#SNMPINDEX}])=2'))).toBe(true);
  });

  it('freezes no value in a trigger name, and names what it shows in operational data', () => {
    for (const t of triggers) expect(t.name).not.toMatch(/\{ITEM\.|\{#SNMPINDEX\}/);
    for (const t of triggers) {
      const items = [...t.expression.matchAll(/\/[^/]+\/([^)]+)\)/g)].length;
      for (const m of (t.opdata ?? '').matchAll(/\{ITEM\.LASTVALUE(\d)\}/g)) expect(Number(m[1])).toBeLessThanOrEqual(items);
    }
  });

  it('makes every dependency point at a trigger of the template, without cycles', () => {
    const byName = new Map(triggers.map((t) => [t.name, t]));
    const visit = (t: Trigger, path: string[]): void => {
      expect(path).not.toContain(t.name);
      for (const d of t.dependencies ?? []) {
        const target = byName.get(d.name);
        expect(target?.expression, `${t.name} -> ${d.name}`).toBe(d.expression);
        if (target) visit(target, [...path, t.name]);
      }
    };
    for (const t of triggers) visit(t, []);
  });

  it('takes its thresholds from the agent defaults: stale after 180 s, jobs 1000/500', () => {
    const macro = (name: string): string | undefined => MACROS.find((m) => m.macro === name)?.value;
    expect(macro('{$MISP.DATA.AGE.MAX}')).toBe('180');
    expect(macro('{$MISP.JOBS.PENDING.HIGH}')).toBe('1000');
    expect(macro('{$MISP.JOBS.PENDING.CLEAR}')).toBe('500');
  });

  it('creates the items of the diagnostics group (off by default) disabled, and rounds floats by division', () => {
    const diag = prototypes.filter((i) => i.key.startsWith('misp.diag.'));
    expect(diag.length).toBeGreaterThan(0);
    for (const i of diag) expect(i.status).toBe('DISABLED');
    for (const i of allItems) expect(JSON.stringify(i.preprocessing ?? [])).not.toContain('MULTIPLIER');
  });

  it('writes trigger expressions against its own items and defines every macro and value map it uses', () => {
    const keys = new Set(allItems.map((i) => i.key));
    const macros = new Set(MACROS.map((m) => m.macro));
    for (const t of triggers) {
      for (const e of [t.expression, t.recovery_expression ?? '']) {
        for (const m of e.matchAll(/\/([^/]+)\/([^,)[]+(?:\[[^\]]*\])?)[,)]/g)) {
          expect(m[1]).toBe(TEMPLATE_NAME);
          expect(keys).toContain(m[2]);
        }
        for (const m of e.matchAll(/\{\$[A-Z.]+\}/g)) expect(macros).toContain(m[0]);
      }
    }
    expect(template.macros.map((m) => m.macro)).toEqual([...macros]);
    const maps = new Set(template.valuemaps.map((v) => v.name));
    for (const item of allItems) if (item.valuemap) expect(maps).toContain(item.valuemap.name);
  });

  it('clears the jobs-pending problem only at the lower threshold, as the agent does', () => {
    const jobs = triggers.find((t) => t.expression.includes('jobs_pending'));
    expect(jobs?.expression).toContain('>={$MISP.JOBS.PENDING.HIGH}');
    expect(jobs?.recovery_expression).toContain('<={$MISP.JOBS.PENDING.CLEAR}');
  });
});
