import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { serviceEnvironment } from './options.js';
import { type Rss, rss } from './proc.js';

/** The RSS of a node process that loads nothing and waits: the floor any Node daemon starts from. */
export async function bareNodeRss(nodeOptions: readonly string[], environment: Readonly<Record<string, string>>): Promise<Rss> {
  const child = spawn(process.execPath, [...nodeOptions, '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', env: serviceEnvironment(environment) });
  try {
    await sleep(1000);
    if (child.pid === undefined) throw new Error('node did not start');
    return rss(child.pid);
  } finally {
    child.kill('SIGKILL');
  }
}
