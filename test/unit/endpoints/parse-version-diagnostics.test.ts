import { describe, expect, it } from 'vitest';
import { parseVersion, versionNumber } from '../../../src/endpoints/version/index.js';
import { parseDbSchema, parseSettingsReport } from '../../../src/endpoints/diagnostics/parse.js';

describe('parseVersion', () => {
  it('reads 2.4.130 and 2.5 answers', () => {
    expect(parseVersion({ version: '2.4.130', perm_sync: false, perm_sighting: false })).toEqual({ text: '2.4.130', number: 2004130 });
    expect(parseVersion({ version: '2.5.1', pymisp_recommended_version: '2.5.1', uuid: '-' })).toEqual({ text: '2.5.1', number: 2005001 });
  });
  it('reads a suffixed version by its leading numbers', () => {
    expect(versionNumber('2.5.1-rc1')).toBe(2005001);
  });
  it.each([[{}], [{ version: 'latest' }], [{ version: ['2.5.1'] }], [[1, 2]], [{ version: '2.5' }]])('refuses %j', (body) => {
    expect(() => parseVersion(body)).toThrow(/version/i);
  });
});

describe('diagnostics', () => {
  it('reads a clean MySQL schema and a mismatch', () => {
    const base = { actual_db_version: '140', expected_db_version: '140', diagnostic: {}, diagnostic_index: {}, error: '', update_locked: false };
    expect(parseDbSchema(base)).toEqual({ dbSchemaActual: '140', dbSchemaExpected: '140', dbSchemaOk: true, updateLocked: false });
    expect(parseDbSchema({ ...base, diagnostic: { events: [{ column_name: 'x' }] } }).dbSchemaOk).toBe(false);
    expect(parseDbSchema({ ...base, actual_db_version: '139' }).dbSchemaOk).toBe(false);
  });
  it('says null when MISP could not compare (PostgreSQL)', () => {
    expect(parseDbSchema({ actual_db_version: '140', expected_db_version: '?', error: 'Diagnostic not available for DataSource' }).dbSchemaOk).toBeNull();
  });
  it('counts setting issues by level and reads ZeroMQ, Redis, DB size and the update check', () => {
    const report = parseSettingsReport({
      version: { current: 'v2.5.0', newest: 'v2.5.1', upToDate: 'older' },
      zmqStatus: 3,
      redisInfo: { connection: true, used_memory: '1048576' },
      dbDiagnostics: { events: { data_in_bytes: 1000, index_in_bytes: 24 }, attributes: { data_in_bytes: 2000, index_in_bytes: 0 } },
      finalSettings: [
        { setting: 'a', level: 0, error: true },
        { setting: 'b', level: 1, error: true },
        { setting: 'c', level: 1, error: true },
        { setting: 'd', level: 2, error: true },
        { setting: 'e', level: 3, error: true },
        { setting: 'f', level: 0 },
      ],
      backgroundJobsStatus: 'OK',
    });
    expect(report).toMatchObject({
      settingsCritical: 1,
      settingsRecommended: 2,
      settingsOptional: 1,
      zmqStatus: 'ZeroMQ script not running',
      redisMemoryBytes: 1048576,
      databaseSizeBytes: 3024,
      backgroundJobsStatus: 'OK',
      newestVersion: '2.5.1',
      updateAvailable: true,
    });
  });
  it('reads PostgreSQL table sizes given only as "n MB" and leaves unknown fields null', () => {
    const report = parseSettingsReport({ dbDiagnostics: [{ table: 'events', used: '1.5 MB' }], version: { upToDate: 'error' } });
    expect(report.databaseSizeBytes).toBe(1572864);
    expect(report.updateAvailable).toBeNull();
    expect(report.settingsCritical).toBeNull();
    expect(report.zmqStatus).toBeNull();
  });
});
