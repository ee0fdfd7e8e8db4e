import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatistics } from '../../../src/endpoints/statistics/index.js';
import { parseWorkers } from '../../../src/endpoints/workers/parse.js';
import { processesPerQueue } from '../../../src/endpoints/workers/supervisord.js';
import { WorkerExpectations } from '../../../src/endpoints/workers/parse.js';
import { parseXmlRpcAnswer, XmlRpcError } from '../../../src/http/xml-rpc.js';

/** Answers captured from a real MISP 2.5.1 and its supervisord (../shared/reference/real-misp-2.5.1). */
const captured = (name: string): string => readFileSync(new URL(`../../fixtures/real-misp-2.5.1/${name}`, import.meta.url), 'utf8');
const capturedJson = (name: string): unknown => JSON.parse(captured(name));
const supervisord = () => processesPerQueue(parseXmlRpcAnswer(captured('supervisor_getAllProcessInfo.xml')));

describe('real MISP 2.5.1 answers', () => {
  it('getWorkers at rest: 21 workers running in 5 queues, supervisord up', () => {
    const workers = parseWorkers(capturedJson('getWorkers.json'));
    expect(workers).toMatchObject({ workersRunning: 21, workersNotOk: 0, workersDead: 0, queuesOk: 5, supervisordRunning: true, mispLive: null });
  });

  it('supervisord XML-RPC: every misp-workers process per queue, whatever its state', () => {
    expect(Object.fromEntries(supervisord())).toEqual({ cache: 5, default: 5, email: 5, prio: 5, update: 1 });
  });

  it('all workers stopped: queues without a workers key; supervisord still lists them, so all 21 are missing', () => {
    const expectations = new WorkerExpectations();
    const stopped = expectations.apply(parseWorkers(capturedJson('getWorkers-all-stopped-jobs-queued.json')), supervisord());
    expect(stopped).toMatchObject({ workersRunning: 0, workersExpected: 21, workersMissing: 21, queuesNotOk: 5, jobsPending: 4, expectedSource: 'supervisord' });
    expect(stopped.queues.find((q) => q.name === 'update')).toMatchObject({ workers: [], workersExpected: 1, workersMissing: 1 });
  });

  it('supervisord down: its XML-RPC fails too, so the most seen since start stays expected', () => {
    const expectations = new WorkerExpectations();
    expectations.apply(parseWorkers(capturedJson('getWorkers.json')), supervisord());
    const down = expectations.apply(parseWorkers(capturedJson('getWorkers-supervisord-down.json')), null);
    expect(down).toMatchObject({ supervisordRunning: false, workersExpected: 21, workersMissing: 21, expectedSource: 'mostSeen' });
  });

  it('without supervisord, a worker that vanishes from the list is missed against the most seen', () => {
    const expectations = new WorkerExpectations();
    const full = capturedJson('getWorkers.json') as { default: { workers: unknown[] } };
    expectations.apply(parseWorkers(full), null);
    const oneGone = { ...full, default: { ...full.default, workers: full.default.workers.slice(1) } };
    const after = expectations.apply(parseWorkers(oneGone), null);
    expect(after).toMatchObject({ workersRunning: 20, workersExpected: 21, workersMissing: 1, expectedSource: 'mostSeen' });
    expect(after.queues.find((q) => q.name === 'default')).toMatchObject({ ok: true, workersMissing: 1 });
  });

  it('configured counts win for the queues they name', () => {
    const expectations = new WorkerExpectations({ default: 8 });
    const workers = expectations.apply(parseWorkers(capturedJson('getWorkers.json')), supervisord());
    expect(workers.queues.find((q) => q.name === 'default')).toMatchObject({ workersExpected: 8, workersMissing: 3, expectedSource: 'configured' });
    expect(workers).toMatchObject({ workersExpected: 24, workersMissing: 3, expectedSource: 'mixed' });
  });

  it('statistics: every value a string, all served', () => {
    expect(parseStatistics(capturedJson('users_statistics.json'))).toMatchObject({ events: 20, attributes: 60, threads: 1, threadsMonth: 1, postsMonth: 1 });
  });
});

describe('MISP marks a worker not ok: counted not ok and missing, whatever its liveness', () => {
  it.each([
    ['alive N/A, wrong user', { alive: 'N/A', correct_user: false, ok: false }],
    ['alive, wrong user', { alive: true, correct_user: false, ok: false }],
    ['not alive (CakeResque)', { alive: false, correct_user: true, ok: false }],
  ])('%s', (_label, facts) => {
    const body = { default: { ok: false, workers: [{ pid: 7, user: 'misp', ...facts }], jobCount: 0 }, supervisord_status: true };
    const queue = new WorkerExpectations().apply(parseWorkers(body), new Map([['default', 1]])).queues[0];
    expect(queue).toMatchObject({ ok: false, workersNotOk: 1, workersRunning: 0, workersMissing: 1 });
    expect(queue?.workers[0]?.ok).toBe(false);
  });
});

describe('XML-RPC answers', () => {
  it('reads values of every type supervisord sends, and entities', () => {
    const xml =
      "<?xml version='1.0'?><methodResponse><params><param><value><struct>" +
      '<member><name>a</name><value><string>x &amp; &lt;y&gt;</string></value></member>' +
      '<member><name>b</name><value><i4>-3</i4></value></member>' +
      '<member><name>c</name><value><boolean>1</boolean></value></member>' +
      '<member><name>d</name><value>bare</value></member>' +
      '<member><name>e</name><value><array><data></data></array></value></member>' +
      '<member><name>f</name><value><nil/></value></member>' +
      '</struct></value></param></params></methodResponse>';
    expect(parseXmlRpcAnswer(xml)).toEqual({ a: 'x & <y>', b: -3, c: true, d: 'bare', e: [], f: null });
  });

  it('turns a fault into an error with its text', () => {
    const xml =
      "<?xml version='1.0'?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>" +
      '<member><name>faultString</name><value><string>UNKNOWN_METHOD</string></value></member></struct></value></fault></methodResponse>';
    expect(() => parseXmlRpcAnswer(xml)).toThrow(/UNKNOWN_METHOD/);
  });

  it.each(['', '<html><body>502 Bad Gateway</body></html>', '<methodResponse><params><param><value><struct>', '<methodResponse><params><param><value><blob>1</blob></value></param></params></methodResponse>'])(
    'refuses what is not a complete XML-RPC answer: %s',
    (xml) => {
      expect(() => parseXmlRpcAnswer(xml)).toThrow(XmlRpcError);
    },
  );

  it('ignores processes of other groups and entries that are not processes', () => {
    expect(Object.fromEntries(processesPerQueue([{ name: 'x_00', group: 'other' }, 'junk', null, { name: 'email_00', group: 'misp-workers' }]))).toEqual({ email: 1 });
  });
});
