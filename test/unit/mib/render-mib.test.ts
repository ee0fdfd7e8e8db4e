import { describe, expect, it } from 'vitest';
import { MISP_AGENTX_MIB } from '../../../src/mib/module.js';
import { renderMib, renderMibModule } from '../../../src/mib/render/mib.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { sampleNotificationModule } from '../../helpers/sample-notification.js';

describe('renderMib', () => {
  it('hangs the default root from netSnmpPlaypen, imported from NET-SNMP-MIB', () => {
    const text = renderMib(DEFAULT_ROOT);
    expect(text).toContain('netSnmpPlaypen\n        FROM NET-SNMP-MIB;');
    expect(text).toContain(`::= { netSnmpPlaypen ${DEFAULT_ROOT.at(-1)} }`);
  });

  it('writes the MODULE-IDENTITY at any root, numerically below a named SNMPv2-SMI node', () => {
    const pen = renderMib([1, 3, 6, 1, 4, 1, 99999]);
    expect(pen).toContain('::= { enterprises 99999 }');
    expect(pen).not.toContain('NET-SNMP-MIB');
    expect(renderMib([1, 3, 6, 1, 4, 1, 99999, 7, 2])).toContain('::= { enterprises 99999 7 2 }');
    expect(renderMib([1, 3, 6, 1, 3, 4913])).toContain('::= { experimental 4913 }');
  });

  it('refuses a root outside internet, where no imported node can name it', () => {
    expect(() => renderMib([1, 2, 840, 1])).toThrow(/not below internet/);
  });

  it('declares each table entry with its INDEX and its SEQUENCE', () => {
    const text = renderMib(DEFAULT_ROOT);
    expect(text).toContain('INDEX       { mispInstanceIndex, mispQueueIndex, mispWorkerIndex }');
    expect(text).toContain('INDEX       { mispInstanceIndex, mispPollGroupIndex }');
    expect(text).toMatch(/MispQueueEntry ::= SEQUENCE \{\n {4}mispQueueIndex +Integer32,/);
  });

  it('renders notifications, their group and their compliance from the same definitions', () => {
    const text = renderMibModule(sampleNotificationModule(), DEFAULT_ROOT);
    expect(text).toMatch(/mispInstanceStatusChange NOTIFICATION-TYPE\n {4}OBJECTS {5}\{ mispInstanceName, mispInstanceStatus \}/);
    expect(text).toContain('::= { mispAgentxNotifications 1 }');
    expect(text).toContain('mispAgentxNotificationGroup NOTIFICATION-GROUP');
    expect(text).toMatch(/MANDATORY-GROUPS \{[^}]*mispAgentxNotificationGroup \}/);
    expect(text).toContain('NOTIFICATION-TYPE, ');
    expect(renderMib(DEFAULT_ROOT)).toContain('mispInstanceUnreachable NOTIFICATION-TYPE');
  });

  it('refuses text an SMI string cannot hold', () => {
    const broken = { ...MISP_AGENTX_MIB, description: 'a "quoted" word' };
    expect(() => renderMibModule(broken, DEFAULT_ROOT)).toThrow(/double quotes/);
  });
});
