import { readFileSync } from 'node:fs';
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

  /**
   * The numbers managers have stored: renumbering one breaks every NMS that knows the MIB, so they
   * are written out here, not taken from the code they check.
   */
  const PUBLISHED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
    MispStatus: {
      ok: 1, degraded: 2, unreachable: 3, authFailed: 4, permissionDenied: 5, invalidResponse: 6, maintenance: 7, timeout: 8,
      tlsError: 9, dnsError: 10, rateLimited: 11, serverError: 12, notFound: 13, notYetPolled: 14, disabled: 15, tooLarge: 16,
    },
    MispAgentxSessionState: { disconnected: 1, connecting: 2, opening: 3, registering: 4, ready: 5, closing: 6, stopped: 7 },
    // authFailures(6) was removed with revision 202611290000Z; its number is not to be reused.
    MispPollGroup: { probe: 1, version: 2, workers: 3, statistics: 4, diagnostics: 5, jobs: 7, servers: 8, feeds: 9, authFailures: 10 },
    MispExpectationSource: { supervisord: 1, configured: 2, mostSeen: 3, mixed: 4 },
    MispJobOutcome: { completed: 1, failed: 2, running: 3, pending: 4, stale: 5, unknown: 6 },
    // MISP's testConnection numbers, then notTested.
    MispConnectionTestStatus: {
      ok: 1,
      connectionFailed: 2,
      unexpectedAnswer: 3,
      authenticationFailed: 4,
      passwordChangeRequired: 5,
      termsNotAccepted: 6,
      noSyncPermission: 7,
      sightingOnly: 8,
      notTested: 9,
    },
    MispFeedFormat: { misp: 1, freetext: 2, csv: 3, other: 4 },
    MispFeedInput: { network: 1, local: 2, other: 3 },
    MispModulesStatus: { ok: 1, disabled: 2, noModules: 3, unreachable: 4 },
    MispGnupgStatus: { ok: 1, notConfigured: 2, loadFailed: 3, keyIssue: 4, signFailed: 5, other: 6 },
    MispStixStatus: { ok: 1, failing: 2, broken: 3 },
    MispZmqStatus: { ok: 1, disabled: 2, libraryMissing: 3, notRunning: 4 },
    MispProxyStatus: { ok: 1, notConfigured: 2, failed: 3, other: 4 },
  };

  it('keeps the published enumeration numbers, in the code and in the shipped MIB file', () => {
    expect({ MispStatus: STATUS_CODES, MispAgentxSessionState: SESSION_STATE_CODES, MispPollGroup: GROUP_INDEX }).toEqual({
      MispStatus: PUBLISHED['MispStatus'],
      MispAgentxSessionState: PUBLISHED['MispAgentxSessionState'],
      MispPollGroup: PUBLISHED['MispPollGroup'],
    });
    const enumerations = Object.fromEntries(MISP_AGENTX_MIB.conventions.flatMap((c) => (c.enumeration ? [[c.name, c.enumeration]] : [])));
    expect(enumerations).toEqual(PUBLISHED);
    const shipped = readFileSync(new URL('../../../mibs/MISP-AGENTX-MIB.txt', import.meta.url), 'utf8');
    for (const [name, values] of Object.entries(PUBLISHED)) {
      const syntax = new RegExp(`^${name} ::= TEXTUAL-CONVENTION[\\s\\S]*?SYNTAX\\s+INTEGER \\{([^}]*)\\}`, 'm').exec(shipped)?.[1] ?? '';
      const written = Object.fromEntries([...syntax.matchAll(/(\w+)\((\d+)\)/g)].map(([, label, value]) => [label, Number(value)]));
      expect(written, name).toEqual(values);
    }
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
