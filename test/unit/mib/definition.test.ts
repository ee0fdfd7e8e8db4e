import { describe, expect, it } from 'vitest';
import { MISP_AGENTX_MIB } from '../../../src/mib/module.js';
import { listOids } from '../../../src/mib/oid-list.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { STATUS_CODES, GROUP_INDEX } from '../../../src/domain/snapshot.js';
import { SESSION_STATE_CODES } from '../../../src/agentx/session-state.js';

describe('the MISP-AGENTX-MIB definition', () => {
  const listed = listOids(DEFAULT_ROOT);

  it('gives every name one OID and every OID one name', () => {
    expect(new Set(listed.map((o) => o.name)).size).toBe(listed.length);
    expect(new Set(listed.map((o) => formatOid(o.oid))).size).toBe(listed.length);
  });

  it('sits at the default root in netSnmpPlaypen, with notifications reserved at arc 0', () => {
    expect(formatOid(DEFAULT_ROOT).startsWith('1.3.6.1.4.1.8072.9999.9999.')).toBe(true);
    const byName = new Map(listed.map((o) => [o.name, formatOid(o.oid)]));
    expect(byName.get('mispAgentxMIB')).toBe(formatOid(DEFAULT_ROOT));
    expect(byName.get('mispAgentxNotifications')).toBe(`${formatOid(DEFAULT_ROOT)}.0`);
    expect(byName.get('mispAgentVersion')).toBe(`${formatOid(DEFAULT_ROOT)}.1.1.1`);
    expect(byName.get('mispQueueJobsPending')).toBe(`${formatOid(DEFAULT_ROOT)}.1.4.1.7`);
  });

  it('takes its enumerations from the model, so the numbers cannot drift', () => {
    const enumerations = Object.fromEntries(MISP_AGENTX_MIB.conventions.map((c) => [c.name, c.enumeration]));
    expect(enumerations['MispStatus']).toEqual(STATUS_CODES);
    expect(enumerations['MispAgentxSessionState']).toEqual(SESSION_STATE_CODES);
    expect(enumerations['MispPollGroup']).toEqual(GROUP_INDEX);
  });

  it('says for every readable object where its value comes from and what that needs', () => {
    for (const branch of MISP_AGENTX_MIB.branches) {
      for (const object of branch.objects) {
        expect(object.source, object.name).not.toBe('');
        expect(object.description, object.name).toMatch(/\.$/);
      }
    }
  });
});
