import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MISP_AGENTX_MIB } from '../../../src/mib/module.js';
import { listOids } from '../../../src/mib/oid-list.js';
import { MIB_FILE } from '../../../src/mib/render/file-names.js';
import { renderMib } from '../../../src/mib/render/mib.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { formatOid, type Oid } from '../../../src/snmp/oid.js';
import { translate, writeTempMib } from './smi-tools.js';

const MODULE = MISP_AGENTX_MIB.moduleName;

async function expectEveryNameResolves(mibDir: string, root: Oid): Promise<void> {
  const listed = listOids(root);
  const resolved = await translate(mibDir, MODULE, listed.map((o) => o.name));
  expect(resolved).toEqual(listed.map((o) => `.${formatOid(o.oid)}`));
}

describe(`snmptranslate -m ${MODULE}`, () => {
  it('resolves every name of the shipped MIB to the OID the definition gives it', async () => {
    await expectEveryNameResolves(MIB_FILE.replace(/\/[^/]+$/, ''), DEFAULT_ROOT);
  });

  it('resolves every name of a MIB rendered for another root', async () => {
    const root = [1, 3, 6, 1, 4, 1, 99999, 42];
    const { dir } = writeTempMib(MODULE, renderMib(root));
    try {
      await expectEveryNameResolves(dir, root);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
