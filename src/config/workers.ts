import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InstanceConfig } from '../domain/instance-config.js';
import { KNOWN_QUEUE_INDEX } from '../endpoints/workers/queue-index.js';
import { integer, parsed, text } from './converters.js';
import { type ObjectReader, report } from './reader.js';

const GROUP_OR_OTHER_READ = 0o044;
const MAX_PASSWORD_FILE_BYTES = 4096;

const supervisorUrl = parsed('http://host:port of supervisord\'s [inet_http_server] (MISP\'s SimpleBackgroundJobs.supervisor_host and supervisor_port)', (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && url.username === '' && url.password === '' ? url.origin : undefined;
  } catch {
    return undefined;
  }
});

/** The password file's text; problems never contain it. */
function readPasswordFile(path: string): { password: string } | { problem: string } {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_PASSWORD_FILE_BYTES) return { problem: `${path} is not a small regular file` };
    if ((stat.mode & GROUP_OR_OTHER_READ) !== 0) return { problem: `${path} can be read by group or other users; run chmod 600 ${path}` };
    const password = readFileSync(path, 'utf8').trim();
    return password === '' ? { problem: `${path} is empty` } : { password };
  } catch (error) {
    return { problem: `${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}

/**
 * An instance's `workers:` section: `expected` (workers per queue, exact) and `supervisor` (the
 * supervisord XML-RPC MISP uses: url, username, passwordFile; MISP's getSetting redacts the
 * password, so the agent cannot learn it from MISP). Both optional: docs/polling.md.
 */
export function readWorkers(reader: ObjectReader, baseDir: string, readSecrets: boolean): InstanceConfig['workers'] | undefined {
  if (!reader.has('workers')) {
    reader.mapping('workers');
    return undefined;
  }
  const section = reader.mapping('workers');
  const expectedReader = section.mapping('expected');
  const expected: Record<string, number> = {};
  for (const queue of Object.keys(KNOWN_QUEUE_INDEX)) {
    const count = expectedReader.field(queue, integer(0, 1000, ' workers'), -1);
    if (count >= 0) expected[queue] = count;
  }
  expectedReader.finish();
  const supervisorReader = section.mapping('supervisor');
  const configured = section.has('supervisor');
  const url = supervisorReader.field('url', supervisorUrl, '', configured);
  const username = supervisorReader.field('username', text, '');
  const passwordFile = supervisorReader.field('passwordFile', text, '');
  supervisorReader.finish({ password: 'the supervisord password is never written in the configuration; put it in a file (passwordFile, mode 0600)' });
  section.finish();
  let password = '';
  if (passwordFile !== '' && readSecrets) {
    const read = readPasswordFile(resolve(baseDir, passwordFile));
    if ('problem' in read) report(reader.ctx, [...section.path, 'supervisor', 'passwordFile'], read.problem);
    else password = read.password;
  }
  return configured && url !== '' ? { expected, supervisor: { url, username, password } } : { expected };
}
