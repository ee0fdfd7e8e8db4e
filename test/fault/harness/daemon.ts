import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliProcess } from '../../integration/cli/cli-process.js';

/** A distinctive key: any piece of it found in any output of the suite is a leak. */
export const FAULT_KEY = 'FaultKey7Zq9XwV3Rt5Yp2Lm8Nb4Hc6Jd1Kf0Gs3';

export interface InstanceSpec {
  readonly name: string;
  readonly url: string;
  readonly intervals?: Record<string, number>;
  readonly timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  readonly caFile?: string;
  readonly maxBodyBytes?: number;
}

export interface DaemonSetup {
  readonly socket: string;
  readonly instances: readonly InstanceSpec[];
  /** Unix user to run as; the folder, key and configuration are made readable to it. */
  readonly user?: { uid: number; gid: number };
  readonly pingIntervalSeconds?: number;
}

/** The real daemon (`node dist/cli/main.js run`) with a configuration and key file in a temp folder. */
export class FaultDaemon {
  readonly process: CliProcess;
  readonly dir: string;
  readonly configFile: string;

  constructor(setup: DaemonSetup) {
    this.dir = mkdtempSync(join(tmpdir(), 'misp-agentx-fault-'));
    const keyFile = join(this.dir, 'misp-api-key');
    writeFileSync(keyFile, `${FAULT_KEY}\n`, { mode: 0o600 });
    this.configFile = join(this.dir, 'config.yaml');
    const config = {
      agentx: { socket: setup.socket, pingIntervalSeconds: setup.pingIntervalSeconds ?? 1 },
      log: { level: 'debug', format: 'json' },
      instances: setup.instances.map((instance) => ({ ...instance, keyFile })),
    };
    // JSON is YAML: no quoting rules to get wrong.
    writeFileSync(this.configFile, JSON.stringify(config, null, 2), { mode: 0o644 });
    if (setup.user) {
      chmodSync(this.dir, 0o755);
      chownSync(keyFile, setup.user.uid, setup.user.gid);
    }
    this.process = new CliProcess(['run', '--config', this.configFile], {}, setup.user ?? null);
  }

  get pid(): number {
    return this.process.child.pid ?? -1;
  }

  /** Everything the daemon wrote, stdout and stderr. */
  get output(): string {
    return this.process.stdout + this.process.stderr;
  }

  logMessages(): string[] {
    return this.process.logLines().map((line) => String(line['msg']));
  }

  /** SIGTERM and wait; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.process.child.exitCode === null && this.process.child.signalCode === null) this.process.child.kill('SIGTERM');
    const result = await this.process.done;
    rmSync(this.dir, { recursive: true, force: true });
    return result.code;
  }
}

/** Every text a test saw (logs, errors, served values): searched for the key at the end. */
export class Evidence {
  private readonly texts: string[] = [];

  add(text: string): void {
    this.texts.push(text);
  }

  /** Pieces of the key (10 characters and up) found anywhere; [] when there is no leak. */
  leaks(key = FAULT_KEY): string[] {
    const all = this.texts.join('\n');
    const found = new Set<string>();
    for (let start = 0; start + 10 <= key.length; start++) {
      const piece = key.slice(start, start + 10);
      if (all.includes(piece)) found.add(piece);
    }
    return [...found];
  }

  get size(): number {
    return this.texts.reduce((sum, text) => sum + text.length, 0);
  }
}
