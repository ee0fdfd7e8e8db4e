import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as undiciIndex from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Pool, request } from '../../../src/http/undici.js';

const DIST_DAEMON = fileURLToPath(new URL('../../../dist/daemon/daemon.js', import.meta.url));

describe('undici from its own files (src/http/undici.ts)', () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('are the classes the package index exports', () => {
    expect(Pool).toBe(undiciIndex.Pool);
    expect(Client).toBe(undiciIndex.Client);
  });

  it('gives a Pool and a Client the request API', async () => {
    for (const dispatcher of [new Pool(origin), new Client(origin)]) {
      const answer = await dispatcher.request({ path: '/p?q=1', method: 'GET' });
      expect(await answer.body.text()).toBe('GET /p?q=1 ');
      await dispatcher.close();
    }
  });

  it('sends a request through the global dispatcher, path and query from the URL', async () => {
    const answer = await request(new URL('/RPC2?x=2', origin), { method: 'POST', body: 'call' });
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.text()).toBe('POST /RPC2?x=2 call');
  });

  it('keeps the package index out of the built daemon, and the request API on its dispatchers without it', () => {
    // In a process of its own: this test file loads the index itself.
    const script = `const d = await import(${JSON.stringify(DIST_DAEMON)}); const { Pool } = await import(${JSON.stringify(DIST_DAEMON.replace('daemon/daemon.js', 'http/undici.js'))});
      const { createRequire } = await import('node:module'); const require = createRequire(${JSON.stringify(DIST_DAEMON)});
      console.log(JSON.stringify({ index: require.resolve('undici') in require.cache, request: typeof Pool.prototype.request, daemon: typeof d }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ index: false, request: 'function', daemon: 'object' });
  });
});
