import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MISP_AGENTX_MIB } from '../../../src/mib/module.js';
import { MIB_FILE } from '../../../src/mib/render/file-names.js';
import { renderMib, renderMibModule } from '../../../src/mib/render/mib.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { sampleNotificationModule } from '../../helpers/sample-notification.js';
import { smilint, writeTempMib } from './smi-tools.js';

describe('smilint -l 6', () => {
  const dirs: string[] = [];
  const lintText = async (text: string): Promise<string> => {
    const { file, dir } = writeTempMib(MISP_AGENTX_MIB.moduleName, text);
    dirs.push(dir);
    return smilint(file);
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it(`finds nothing to say about ${MIB_FILE}`, async () => {
    expect(await smilint(MIB_FILE)).toBe('');
  });

  it.each([
    ['directly at a PEN', [1, 3, 6, 1, 4, 1, 99999]],
    ['in experimental', [1, 3, 6, 1, 3, 4913]],
  ])('finds nothing to say about the MIB rendered for a root %s', async (_, root) => {
    expect(await lintText(renderMib(root))).toBe('');
  });

  it('finds nothing to say once notifications are defined', async () => {
    expect(await lintText(renderMibModule(sampleNotificationModule(), DEFAULT_ROOT))).toBe('');
  });

  it('does report a broken MIB, so the checks above can fail', async () => {
    const broken = renderMib(DEFAULT_ROOT).replace('SYNTAX      Gauge32', 'SYNTAX      Gauge33');
    expect(await lintText(broken)).toMatch(/Gauge33/);
  });
});
