import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CriticalSettingsMemory, MAX_CRITICAL_SETTINGS, parseSettingsReport } from '../../../src/endpoints/diagnostics/parse.js';
import { defaultState } from '../../../src/sim/scenario.js';
import { simulatedAnswer } from '../../../src/sim/simulated-misp.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));

/** The fixtures are extracts: their level-0 settings are under a descriptive key; the real answer names it finalSettings. */
function realAnswer(name: string): Record<string, unknown> {
  const extract = fixture(name);
  return { ...extract, finalSettings: extract['finalSettings(level 0 with error, and MISP.live)'] };
}

describe('critical settings of serverSettings', () => {
  it('lists the five level-0 settings the real MISP 2.5.1 kit flags, with message and tab, and not MISP.live, which is fine', () => {
    const report = parseSettingsReport(realAnswer('serverSettings_diagnostics_modules_off'));
    const flagged = report.criticalSettings ?? [];
    expect(flagged.map((s) => [s.name, s.message, s.tab])).toEqual([
      ['GnuPG.email', 'Value not set.', 'Encryption'],
      ['MISP.disable_emailing', 'E-mailing is blocked.', 'MISP'],
      ['Plugin.Enrichment_hover_enable', 'Value not set.', 'Plugin'],
      ['Plugin.Enrichment_hover_popover_only', 'Value not set.', 'Plugin'],
      ['Security.csp_enforce', 'Value not set.', 'Security'],
    ]);
    expect(report.settingsCritical).toBe(5);
    expect(report.criticalSettings?.find((s) => s.name === 'MISP.live')).toBeUndefined();
    for (const setting of report.criticalSettings ?? []) expect(setting.index).toBeGreaterThanOrEqual(1000);
    // Values are never kept, redacted or not.
    expect(JSON.stringify(report.criticalSettings)).not.toMatch(/"value"|\*\*\*\*\*/);
  });

  it('gives each setting the same index whether it is flagged or not, and keeps a setting MISP stopped flagging as cleared', () => {
    const setting = (name: string, error: boolean): Record<string, unknown> => ({ level: 0, value: 'secret-value', tab: 'MISP', setting: name, ...(error ? { error: 1, errorMessage: 'Value not set.' } : { errorMessage: null }) });
    const memory = new CriticalSettingsMemory();
    const poll = (emailError: boolean) => memory.keep(parseSettingsReport({ finalSettings: [setting('MISP.email', emailError), setting('MISP.baseurl', false), setting('Security.salt', false)] }).criticalSettings);
    const before = poll(false);
    expect(before).toEqual([]);
    const indexWhenFine = parseSettingsReport({ finalSettings: [setting('MISP.email', false), setting('MISP.baseurl', true), setting('Security.salt', false)] }).criticalSettings?.[0]?.index;
    const appeared = poll(true);
    expect(appeared).toEqual([expect.objectContaining({ name: 'MISP.email', flagged: true, message: 'Value not set.' })]);
    const cleared = poll(false);
    expect(cleared).toEqual([expect.objectContaining({ name: 'MISP.email', flagged: false, message: '' })]);
    expect(cleared?.[0]?.index).toBe(appeared?.[0]?.index);
    // The index comes from every level-0 name, flagged or not: MISP.baseurl's is the same either way.
    expect(parseSettingsReport({ finalSettings: [setting('MISP.email', true), setting('MISP.baseurl', true), setting('Security.salt', false)] }).criticalSettings?.find((s) => s.name === 'MISP.baseurl')?.index).toBe(indexWhenFine);
    expect(JSON.stringify(cleared)).not.toContain('secret-value');
    expect(memory.keep(null)).toBeNull();
  });

  it('counts only what MISP counts: error set (not null) at levels 0-2', () => {
    const report = parseSettingsReport({
      finalSettings: [
        { level: 0, setting: 'A.null', error: null },
        { level: 0, setting: 'A.false', error: false },
        { level: 0, setting: 'A.one', error: 1, errorMessage: 'broken' },
        { level: 3, setting: 'D.deprecated', error: 1 },
      ],
    });
    expect(report.settingsCritical).toBe(1);
    expect(report.criticalSettings?.map((s) => s.name)).toEqual(['A.one']);
  });

  it('survives hostile settings: huge strings, wrong types, control characters, duplicates, a flood of rows', () => {
    const huge = 'é'.repeat(1_000_000);
    const report = parseSettingsReport({
      finalSettings: [
        { level: 0, setting: `Evil.name\u0000\u001b[31m\n${huge}`, error: 1, errorMessage: { nested: true }, tab: 12 },
        { level: 0, setting: 42, error: 1 },
        { level: '0', setting: 'Text.level', error: 1, errorMessage: `x${'\u0007'.repeat(10)}y`, tab: ['Plugin'] },
        { level: 0, setting: 'Dup.name', error: 1, errorMessage: 'first' },
        { level: 0, setting: 'Dup.name', error: 1, errorMessage: 'second' },
        { level: -1, setting: 'Negative.level', error: 1 },
        'not an object',
        null,
        { level: 0, setting: '', error: 1 },
      ],
    });
    const byName = new Map((report.criticalSettings ?? []).map((s) => [s.name, s]));
    const evil = [...byName.values()].find((s) => s.name.startsWith('Evil.name'));
    expect(evil?.name).not.toMatch(/[\u0000-\u001f]/);
    expect(Array.from(evil?.name ?? '').length).toBeLessThanOrEqual(255);
    expect(evil).toMatchObject({ message: '', tab: '12', flagged: true });
    expect(byName.get('Text.level')).toMatchObject({ message: `x${' '.repeat(10)}y`, tab: '', flagged: true });
    expect(byName.get('Dup.name')?.message).toBe('second');
    expect([...byName.keys()].filter((name) => name === 'Dup.name')).toHaveLength(1);
    expect(byName.has('Negative.level')).toBe(false);
    expect(byName.has('')).toBe(false);
    // 42 is not a setting name: the row is left out, the others stay.
    expect(byName.size).toBe(3);
    expect(new Set(report.criticalSettings?.map((s) => s.index)).size).toBe(report.criticalSettings?.length);

    const flood = Array.from({ length: 20_000 }, (_, i) => ({ level: 0, setting: `Flood.${i}`, error: 1, errorMessage: 'x' }));
    const memory = new CriticalSettingsMemory();
    expect(memory.keep(parseSettingsReport({ finalSettings: flood }).criticalSettings)).toHaveLength(MAX_CRITICAL_SETTINGS);
  });

  it('reads finalSettings that is not a list as unknown, not as none flagged', () => {
    expect(parseSettingsReport({ finalSettings: { 0: { level: 0 } } })).toMatchObject({ criticalSettings: null, settingsCritical: null });
    expect(parseSettingsReport({})).toMatchObject({ criticalSettings: null });
  });
});

describe('ZeroMQ and proxy checks of serverSettings', () => {
  it('reads the real kit: ZeroMQ not enabled, no proxy', () => {
    expect(parseSettingsReport(realAnswer('serverSettings_diagnostics_modules_off'))).toMatchObject({
      zmqStatus: 'not enabled',
      zmqStatusCode: 'disabled',
      proxyStatus: 'not configured (so not tested)',
      proxyStatusCode: 'notConfigured',
    });
  });

  it('maps every code and text MISP 2.5.1 sends, and keeps unknown ones apart', () => {
    const codes = [0, 1, 2, 3].map((zmqStatus) => parseSettingsReport({ zmqStatus }).zmqStatusCode);
    expect(codes).toEqual(['ok', 'disabled', 'libraryMissing', 'notRunning']);
    expect(parseSettingsReport({ zmqStatus: 9 })).toMatchObject({ zmqStatus: 'code 9', zmqStatusCode: null });
    expect(parseSettingsReport({ zmqStatus: '1' })).toMatchObject({ zmqStatus: null, zmqStatusCode: null });
    const proxy = ['OK', 'not configured (so not tested)', 'Getting URL via proxy failed', 'Proxy a échoué'].map((proxyStatus) => parseSettingsReport({ proxyStatus }).proxyStatusCode);
    expect(proxy).toEqual(['ok', 'notConfigured', 'failed', 'other']);
    expect(parseSettingsReport({ proxyStatus: 'Proxy a échoué' }).proxyStatus).toBe('Proxy a échoué');
    expect(parseSettingsReport({ proxyStatus: { text: 'OK' } })).toMatchObject({ proxyStatus: null, proxyStatusCode: null });
  });

  it('keeps MISP texts as UTF-8 and bounded, never folded to ASCII', () => {
    const report = parseSettingsReport({ backgroundJobsStatus: `Supervisor ne répond pas ${'ü'.repeat(5000)}`, gpgStatus: 'FAIL: clé\u0000' });
    expect(report.backgroundJobsStatus?.startsWith('Supervisor ne répond pas ü')).toBe(true);
    expect(Array.from(report.backgroundJobsStatus ?? '').length).toBe(255);
    expect(report.gnupgText).toBe('FAIL: clé');
  });
});

describe('the simulated serverSettings answer follows the real 2.5.1 shapes', () => {
  const keysOf = (entry: unknown): string[] => Object.keys(entry as object).filter((key) => key !== 'null' && key !== 'subGroup').sort();
  const kindsOf = (record: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value]));

  it('finalSettings entries, flagged or not, and moduleStatus with an unreachable type, as the kit answered', () => {
    const real = realAnswer('serverSettings_diagnostics_modules_unreachable') as { finalSettings: Array<Record<string, unknown>>; moduleStatus: Record<string, unknown> };
    const state = defaultState('2.5', {});
    state.criticalSettings[0]!.flagged = true;
    state.moduleStatus = { ...state.moduleStatus, Enrichment: String(real.moduleStatus['Enrichment']), Import: String(real.moduleStatus['Import']) };
    const simulated = simulatedAnswer('/servers/serverSettings', state) as { finalSettings: Array<Record<string, unknown>>; moduleStatus: Record<string, unknown> };
    const realFlagged = real.finalSettings.find((setting) => setting.error === 1)!;
    const realFine = real.finalSettings.find((setting) => setting.setting === 'MISP.live')!;
    expect(keysOf(simulated.finalSettings.find((setting) => setting.error === 1))).toEqual(keysOf(realFlagged));
    expect(keysOf(simulated.finalSettings.find((setting) => setting.setting === 'MISP.live'))).toEqual(keysOf(realFine));
    expect(kindsOf(simulated.moduleStatus)).toEqual(kindsOf(real.moduleStatus));
    expect(typeof simulated['proxyStatus' as keyof typeof simulated]).toBe(typeof (real as Record<string, unknown>)['proxyStatus']);
    const parsed = parseSettingsReport(simulated);
    expect(parsed.criticalSettings).toEqual([expect.objectContaining({ name: 'MISP.disable_emailing', message: 'E-mailing is blocked.', flagged: true })]);
    expect(parsed.modules).toMatchObject({ Enrichment: 'unreachable', Import: 'unreachable', Export: 'disabled' });
  });
});
