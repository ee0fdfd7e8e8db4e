import type { Oid } from '../../snmp/oid.js';
import type { Branch, MibDefinition, MibImport, NotificationInfo, ObjectInfo, SyntaxInfo, TableBranch } from '../../smi/types.js';
import { COMPLIANCE_ARC, COMPLIANCES_ARC, CONFORMANCE_ARC, ENTRY_ARC, GROUPS_ARC, NOTIFICATIONS_ARC, OBJECTS_ARC } from '../layout.js';
import { MISP_AGENTX_MIB } from '../module.js';
import { objectDescription, quoted, rootParent } from './smi-text.js';

const IMPORT_MODULE_ORDER = ['SNMPv2-SMI', 'SNMPv2-TC', 'SNMPv2-CONF', 'NET-SNMP-MIB'];
const DESCRIPTION_INDENT = '        ';

function imports(mib: MibDefinition, parent: MibImport): string {
  const wanted: MibImport[] = [
    { module: 'SNMPv2-SMI', name: 'MODULE-IDENTITY' },
    { module: 'SNMPv2-SMI', name: 'OBJECT-TYPE' },
    ...(mib.notifications.length > 0 ? [{ module: 'SNMPv2-SMI', name: 'NOTIFICATION-TYPE' }] : []),
    parent,
    ...mib.conventions.flatMap((c) => c.imports),
    ...mib.branches.flatMap((b) => b.objects.flatMap((o) => o.syntax.imports)),
    { module: 'SNMPv2-CONF', name: 'MODULE-COMPLIANCE' },
    { module: 'SNMPv2-CONF', name: 'OBJECT-GROUP' },
    ...(mib.notifications.length > 0 ? [{ module: 'SNMPv2-CONF', name: 'NOTIFICATION-GROUP' }] : []),
  ];
  const clauses = IMPORT_MODULE_ORDER.flatMap((module) => {
    const names = [...new Set(wanted.filter((i) => i.module === module).map((i) => i.name))];
    return names.length === 0 ? [] : [`    ${names.join(', ')}\n        FROM ${module}`];
  });
  return `IMPORTS\n${clauses.join('\n')};`;
}

function moduleIdentity(mib: MibDefinition, root: Oid): string {
  const parent = rootParent(root);
  const [latest] = mib.revisions;
  if (latest === undefined) throw new Error(`${mib.moduleName} needs at least one REVISION`);
  const revisions = mib.revisions.map(
    (r) => `    REVISION "${r.date}"\n    DESCRIPTION\n${quoted(r.description, DESCRIPTION_INDENT)}`,
  );
  return [
    `${mib.identityName} MODULE-IDENTITY`,
    `    LAST-UPDATED "${latest.date}"`,
    `    ORGANIZATION\n${quoted(mib.organization, DESCRIPTION_INDENT)}`,
    `    CONTACT-INFO\n${quoted(mib.contactInfo, DESCRIPTION_INDENT)}`,
    `    DESCRIPTION\n${quoted(mib.description, DESCRIPTION_INDENT)}`,
    ...revisions,
    `    ::= { ${parent.name} ${parent.arcs.join(' ')} }`,
  ].join('\n');
}

function enumerationText(enumeration: Readonly<Record<string, number>>, indent: string): string {
  const items = Object.entries(enumeration).map(([label, n]) => `${indent}    ${label}(${n})`);
  return `INTEGER {\n${items.join(',\n')}\n${indent}}`;
}

function textualConvention(syntax: SyntaxInfo): string {
  const { convention } = syntax;
  if (convention === undefined) throw new Error(`${syntax.name} is listed as a convention but defines none`);
  const base = syntax.enumeration === undefined ? syntax.baseSyntax : enumerationText(syntax.enumeration, '                 ');
  return [
    `${convention.name} ::= TEXTUAL-CONVENTION`,
    ...(convention.displayHint === undefined ? [] : [`    DISPLAY-HINT "${convention.displayHint}"`]),
    '    STATUS       current',
    `    DESCRIPTION\n${quoted(convention.description, DESCRIPTION_INDENT)}`,
    `    SYNTAX       ${base}`,
  ].join('\n');
}

function syntaxClause(syntax: SyntaxInfo): string {
  return syntax.range === undefined ? syntax.name : `${syntax.name} ${syntax.range}`;
}

function objectType(object: ObjectInfo, parent: string): string {
  return [
    `${object.name} OBJECT-TYPE`,
    `    SYNTAX      ${syntaxClause(object.syntax)}`,
    ...(object.units === undefined ? [] : [`    UNITS       "${object.units}"`]),
    `    MAX-ACCESS  ${object.access}`,
    '    STATUS      current',
    `    DESCRIPTION\n${quoted(objectDescription(object), DESCRIPTION_INDENT)}`,
    `    ::= { ${parent} ${object.arc} }`,
  ].join('\n');
}

/** The SEQUENCE type of a table's entry: the entry name with a capital first letter. */
function sequenceName(table: TableBranch): string {
  return table.entry.name.charAt(0).toUpperCase() + table.entry.name.slice(1);
}

function table(table: TableBranch, objectsNode: string): string[] {
  const sequence = sequenceName(table);
  const width = Math.max(...table.objects.map((o) => o.name.length));
  const members = table.objects.map((o) => `    ${o.name.padEnd(width)}  ${o.syntax.name}`);
  return [
    [
      `${table.name} OBJECT-TYPE`,
      `    SYNTAX      SEQUENCE OF ${sequence}`,
      '    MAX-ACCESS  not-accessible',
      '    STATUS      current',
      `    DESCRIPTION\n${quoted(table.description, DESCRIPTION_INDENT)}`,
      `    ::= { ${objectsNode} ${table.arc} }`,
    ].join('\n'),
    [
      `${table.entry.name} OBJECT-TYPE`,
      `    SYNTAX      ${sequence}`,
      '    MAX-ACCESS  not-accessible',
      '    STATUS      current',
      `    DESCRIPTION\n${quoted(table.entry.description, DESCRIPTION_INDENT)}`,
      `    INDEX       { ${table.index.map((o) => o.name).join(', ')} }`,
      `    ::= { ${table.name} ${ENTRY_ARC} }`,
    ].join('\n'),
    `${sequence} ::= SEQUENCE {\n${members.join(',\n')}\n}`,
    ...table.objects.map((o) => objectType(o, table.entry.name)),
  ];
}

function branch(b: Branch, objectsNode: string): string[] {
  if (b.kind === 'table') return table(b, objectsNode);
  return [
    `${b.name} OBJECT IDENTIFIER ::= { ${objectsNode} ${b.arc} }`,
    ...b.objects.map((o) => objectType(o, b.name)),
  ];
}

function notificationType(n: NotificationInfo, parent: string): string {
  return [
    `${n.name} NOTIFICATION-TYPE`,
    `    OBJECTS     { ${n.objects.map((o) => o.name).join(', ')} }`,
    '    STATUS      current',
    `    DESCRIPTION\n${quoted(n.description, DESCRIPTION_INDENT)}`,
    `    ::= { ${parent} ${n.arc} }`,
  ].join('\n');
}

function group(macro: string, name: string, members: readonly string[], description: string, parent: string, arc: number): string {
  return [
    `${name} ${macro}`,
    `    ${macro === 'OBJECT-GROUP' ? 'OBJECTS' : 'NOTIFICATIONS'} {\n${members.map((m) => `        ${m}`).join(',\n')}\n    }`,
    '    STATUS      current',
    `    DESCRIPTION\n${quoted(description, DESCRIPTION_INDENT)}`,
    `    ::= { ${parent} ${arc} }`,
  ].join('\n');
}

function conformance(mib: MibDefinition): string[] {
  const { nodes } = mib;
  const readable = (b: Branch): string[] => b.objects.filter((o) => o.access !== 'not-accessible').map((o) => o.name);
  const groups = mib.branches.map((b) => group('OBJECT-GROUP', b.group.name, readable(b), b.group.description, nodes.groups, b.arc));
  const hasNotifications = mib.notifications.length > 0;
  const notificationGroup = mib.notificationGroup;
  if (hasNotifications) {
    groups.push(
      group('NOTIFICATION-GROUP', notificationGroup.name, mib.notifications.map((n) => n.name), notificationGroup.description, nodes.groups, notificationGroup.arc),
    );
  }
  const mandatory = [
    ...mib.branches.filter((b) => b.group.compliance.mandatory).map((b) => b.group.name),
    ...(hasNotifications ? [notificationGroup.name] : []),
  ];
  const optional = mib.branches.flatMap((b) =>
    b.group.compliance.mandatory ? [] : [`        GROUP ${b.group.name}\n        DESCRIPTION\n${quoted(b.group.compliance.description, '            ')}`],
  );
  return [
    `${nodes.conformance} OBJECT IDENTIFIER ::= { ${mib.identityName} ${CONFORMANCE_ARC} }`,
    `${nodes.groups} OBJECT IDENTIFIER ::= { ${nodes.conformance} ${GROUPS_ARC} }`,
    `${nodes.compliances} OBJECT IDENTIFIER ::= { ${nodes.conformance} ${COMPLIANCES_ARC} }`,
    ...groups,
    [
      `${mib.compliance.name} MODULE-COMPLIANCE`,
      '    STATUS      current',
      `    DESCRIPTION\n${quoted(mib.compliance.description, DESCRIPTION_INDENT)}`,
      '    MODULE -- this module',
      `        MANDATORY-GROUPS { ${mandatory.join(', ')} }`,
      ...optional,
      `    ::= { ${nodes.compliances} ${COMPLIANCE_ARC} }`,
    ].join('\n'),
  ];
}

/** The SMIv2 text of a module definition with its MODULE-IDENTITY at `root`. */
export function renderMibModule(mib: MibDefinition, root: Oid): string {
  const { nodes } = mib;
  const sections = [
    `${mib.moduleName} DEFINITIONS ::= BEGIN`,
    imports(mib, rootParent(root)),
    moduleIdentity(mib, root),
    ...mib.conventions.map(textualConvention),
    `${nodes.notifications} OBJECT IDENTIFIER ::= { ${mib.identityName} ${NOTIFICATIONS_ARC} }`,
    ...mib.notifications.map((n) => notificationType(n, nodes.notifications)),
    `${nodes.objects} OBJECT IDENTIFIER ::= { ${mib.identityName} ${OBJECTS_ARC} }`,
    ...mib.branches.flatMap((b) => branch(b, nodes.objects)),
    ...conformance(mib),
    'END',
  ];
  return `${sections.join('\n\n')}\n`;
}

/** MISP-AGENTX-MIB with its MODULE-IDENTITY at `root`: what `misp-agentx mib --root` writes. */
export function renderMib(root: Oid): string {
  return renderMibModule(MISP_AGENTX_MIB, root);
}
