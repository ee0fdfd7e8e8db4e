import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { waitFor } from '../../src/common/wait.js';

/**
 * The real MISP 2.5.1 of ../shared/real-misp (README there): installed, started and seeded on
 * loopback, and the commands and requests the suite changes it with. Everything here talks to
 * 127.0.0.1 only.
 */
export const KIT_DIR = process.env['MISP_KIT_DIR'] ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/real-misp');
export const MISP_URL = 'http://127.0.0.1:8080';
export const SUPERVISOR_URL = 'http://127.0.0.1:9001';
const CAKE = '/var/www/MISP/app/Console/cake';
const ADMIN_KEY_FILE = '/root/misp-admin.key';

/** Runs a shell command as root; its stdout. Throws with stderr when it fails. */
export function sh(command: string, timeoutMs = 120_000): string {
  return execFileSync('bash', ['-c', command], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** One value from MISP's database (`mysql misp`). */
export function sql(query: string): string {
  return execFileSync('mysql', ['-N', '-B', 'misp', '-e', query], { encoding: 'utf8', timeout: 30_000 }).trim();
}

/** MISP's own command line, as the web server user. */
export function cake(args: string): string {
  return sh(`runuser -u www-data -- ${CAKE} ${args}`);
}

export function adminKey(): string {
  return readFileSync(ADMIN_KEY_FILE, 'utf8').trim();
}

export interface ApiAnswer {
  readonly status: number;
  readonly json: any;
}

/** A MISP REST call with `key`; the body parsed when it is JSON. */
export async function api(path: string, key: string, body?: unknown): Promise<ApiAnswer> {
  const response = await request(`${MISP_URL}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: key, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // an HTML page or nothing
  }
  return { status: response.statusCode, json };
}

/** supervisorctl status as process name (misp-workers:default_00) -> state (RUNNING, STOPPED...). */
export function supervisorStates(): Map<string, string> {
  let out = '';
  try {
    out = sh('supervisorctl status');
  } catch (error) {
    // supervisorctl exits 3 when some process is not running, and still prints the list.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  return new Map(out.split('\n').flatMap((line) => {
    const [name, state] = line.trim().split(/\s+/);
    return name && state ? [[name, state] as [string, string]] : [];
  }));
}

export const supervisordRuns = (): boolean => {
  try {
    sh('pgrep -x supervisord');
    return true;
  } catch {
    return false;
  }
};

/** The password of supervisord's [inet_http_server], which MISP's SimpleBackgroundJobs.supervisor_password also holds. */
export function supervisorPassword(): { username: string; password: string } {
  const conf = readFileSync('/etc/supervisor/supervisord.conf', 'utf8');
  const section = conf.slice(conf.indexOf('[inet_http_server]'));
  return { username: /^username=(.*)$/m.exec(section)?.[1]?.trim() ?? '', password: /^password=(.*)$/m.exec(section)?.[1]?.trim() ?? '' };
}

async function heartbeatAnswers(): Promise<boolean> {
  try {
    const response = await request(`${MISP_URL}/users/heartbeat`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
}

/**
 * Installs the kit if MISP is not there (about a minute, as root), starts what is not running,
 * seeds an empty MISP, and waits for its 21 workers. true when it started the stack (then
 * stopRealMisp puts the machine back as it was found).
 */
export async function ensureRealMisp(): Promise<boolean> {
  if (process.getuid?.() !== 0) throw new Error('npm run test:real-misp installs and changes machine-wide services: run it as root');
  if (!existsSync(CAKE)) sh(`bash ${KIT_DIR}/install.sh`, 20 * 60_000);
  const started = !(await heartbeatAnswers()) || !supervisordRuns();
  if (started) sh(`bash ${KIT_DIR}/start.sh`, 5 * 60_000);
  await waitFor('MISP to answer its heartbeat', heartbeatAnswers, 60_000, 500);
  sh(`bash ${KIT_DIR}/seed.sh`, 10 * 60_000);
  await waitFor('21 MISP workers RUNNING', () => [...supervisorStates().values()].filter((s) => s === 'RUNNING').length === 21, 60_000, 500);
  return started;
}

/** Stops MariaDB, Redis, Apache and supervisord (the kit's stop.sh). */
export function stopRealMisp(): void {
  sh(`bash ${KIT_DIR}/stop.sh`, 2 * 60_000);
}
