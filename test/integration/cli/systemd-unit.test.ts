import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/config-fixture.js';

const UNIT = join(import.meta.dirname, '../../../systemd/misp-agentx.service');
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe.runIf(hasSystemdAnalyze)('systemd/misp-agentx.service', () => {
  it('passes systemd-analyze verify (with ExecStart pointed at a binary that exists here)', () => {
    // The package is not installed in /usr/bin on a test machine; everything else must verify clean.
    const unit = readFileSync(UNIT, 'utf8').replaceAll('=/usr/bin/misp-agentx', '=/usr/bin/env misp-agentx');
    const path = join(tempDir(), 'misp-agentx.service');
    writeFileSync(path, unit);
    const result = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('keeps a systemd-analyze security exposure of at most 2.0', () => {
    const output = execFileSync('systemd-analyze', ['security', '--offline=yes', UNIT], { encoding: 'utf8' });
    const score = Number(/Overall exposure level for misp-agentx\.service: ([\d.]+)/.exec(output)?.[1]);
    expect(score).toBeLessThanOrEqual(2.0);
  });

  it('runs the daemon with the configuration path and the credential the docs describe', () => {
    const unit = readFileSync(UNIT, 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/misp-agentx run --config \/etc\/misp-agentx\/config\.yaml$/m);
    expect(unit).toMatch(/^LoadCredential=misp-api-key:\/etc\/misp-agentx\/misp-api-key$/m);
    expect(unit).toMatch(/^RestartPreventExitStatus=78$/m);
    expect(unit).toMatch(/^ConditionPathExists=\/etc\/misp-agentx\/misp-api-key$/m);
    // The check first: a refused file fails the reload before the daemon sees SIGHUP.
    expect(unit).toMatch(/^ExecReload=\/usr\/bin\/misp-agentx check --config-only --config \/etc\/misp-agentx\/config\.yaml\nExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    expect(unit).not.toMatch(/^(Requires|BindsTo|PartOf)=.*snmpd/m);
  });
});
