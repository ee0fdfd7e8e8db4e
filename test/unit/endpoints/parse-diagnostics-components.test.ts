import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSettingsReport } from '../../../src/endpoints/diagnostics/parse.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));

describe('serverSettings component checks on real MISP 2.5.1 answers', () => {
  it('modules off, GnuPG not configured, STIX failing, every folder writable (the kit as found)', () => {
    const report = parseSettingsReport(fixture('serverSettings_diagnostics_modules_off'));
    expect(report).toMatchObject({
      modules: { Enrichment: 'disabled', Import: 'disabled', Export: 'disabled', Cortex: 'disabled' },
      modulesMessage: { Enrichment: '', Import: '', Export: '', Cortex: '' },
      gnupg: 'notConfigured',
      gnupgText: 'FAIL: settings not set',
      stix: 'failing',
      unwritableDirs: 0,
    });
  });

  it('enrichment and import enabled with no modules server: unreachable, with the connection error', () => {
    const report = parseSettingsReport(fixture('serverSettings_diagnostics_modules_unreachable'));
    expect(report.modules).toEqual({ Enrichment: 'unreachable', Import: 'unreachable', Export: 'disabled', Cortex: 'disabled' });
    expect(report.modulesMessage.Enrichment).toMatch(/^curl error 7 .*port 6666/);
  });

  it('counts folders not writable, and leaves out what MISP did not report', () => {
    const report = parseSettingsReport({ writeableDirs: { '/a': 0, '/b': 2, '/c': 1 }, gpgStatus: 'FAIL: something new', stix: { operational: -1 } });
    expect(report).toMatchObject({ unwritableDirs: 2, gnupg: 'other', stix: 'broken', modules: { Enrichment: null } });
    expect(parseSettingsReport({})).toMatchObject({ unwritableDirs: null, gnupg: null, gnupgText: null, stix: null });
  });
});
