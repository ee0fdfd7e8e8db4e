import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOids } from '../../../src/mib/index.js';
import { NOTIFICATION_KINDS } from '../../../src/domain/notification-kinds.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { MACROS, renderZabbixTemplate, TEMPLATE_NAME } from '../../../src/nms/zabbix/template.js';

const ROOT = [1, 3, 6, 1, 4, 1, 99999, 7];
const listing = listOids(ROOT);
const readable = new Set(listing.filter((o) => o.kind === 'scalar' || o.kind === 'column').map((o) => formatOid(o.oid)));
const notifications = new Set(listing.filter((o) => o.kind === 'notification').map((o) => o.name));

interface Trigger {
  uuid: string;
  expression: string;
  recovery_expression?: string;
  description: string;
}
interface Item {
  uuid: string;
  key: string;
  snmp_oid: string;
  valuemap?: { name: string };
  triggers?: Trigger[];
  trigger_prototypes?: Trigger[];
}
interface Rule {
  uuid: string;
  key: string;
  snmp_oid: string;
  item_prototypes: Item[];
}
interface Template {
  uuid: string;
  template: string;
  items: Item[];
  discovery_rules: Rule[];
  macros: { macro: string }[];
  valuemaps: { uuid: string; name: string }[];
}

const exported = parse(renderZabbixTemplate(ROOT)) as { zabbix_export: { version: string; templates: Template[] } };
const template = exported.zabbix_export.templates[0] as Template;
const prototypes = template.discovery_rules.flatMap((r) => r.item_prototypes);
const allItems = [...template.items, ...prototypes];
const triggers = allItems.flatMap((i) => [...(i.triggers ?? []), ...(i.trigger_prototypes ?? [])]);

describe('Zabbix template', () => {
  it('is a Zabbix 6.0 export with one template', () => {
    expect(exported.zabbix_export.version).toBe('6.0');
    expect(template.template).toBe(TEMPLATE_NAME);
  });

  it('polls scalars at .0 and prototypes at {#SNMPINDEX} of readable MIB objects under the root', () => {
    for (const item of template.items) expect(readable).toContain(item.snmp_oid.replace(/\.0$/, ''));
    for (const item of prototypes) {
      expect(item.snmp_oid).toMatch(/\.\{#SNMPINDEX\}$/);
      expect(readable).toContain(item.snmp_oid.replace(/\.\{#SNMPINDEX\}$/, ''));
      expect(item.key).toContain('[{#SNMPINDEX}]');
    }
  });

  it('discovers instances and queues by walking name columns of the MIB', () => {
    expect(template.discovery_rules.map((r) => r.key)).toEqual(['misp.instance.discovery', 'misp.queue.discovery']);
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
    const named = triggers.map((t) => /sends (\w+) /.exec(t.description)?.[1]);
    expect(named).toHaveLength(NOTIFICATION_KINDS.length);
    for (const name of named) expect(notifications).toContain(name);
  });

  it('writes trigger expressions against its own items and defines every macro and value map it uses', () => {
    const keys = new Set(allItems.map((i) => i.key));
    const macros = new Set(MACROS.map((m) => m.macro));
    for (const t of triggers) {
      for (const e of [t.expression, t.recovery_expression ?? '']) {
        for (const m of e.matchAll(/\/([^/]+)\/([^)]+)\)/g)) {
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
