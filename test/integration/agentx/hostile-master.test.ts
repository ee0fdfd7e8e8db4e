import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR } from '../../../src/agentx/constants.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxSession } from '../../../src/agentx/session.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { FakeMaster, isResponseTo, sampleGet as get } from '../../helpers/fake-master.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { SCALARS, TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { waitFor } from '../../../src/common/wait.js';


describe('a master agent that misbehaves', () => {
  let master: FakeMaster;
  let session: AgentxSession;
  let log: ReturnType<typeof capturedLogger>;

  beforeEach(async () => {
    master = await FakeMaster.start();
    log = capturedLogger();
  });

  afterEach(async () => {
    await session?.stop(500);
    await master.stop();
  });

  function startSession(options: Partial<ConstructorParameters<typeof AgentxSession>[0]> = {}): AgentxSession {
    session = new AgentxSession({ socket: master.path, root: TEST_ROOT, tree: new LiveTree(sampleTree()), logger: log.logger, ...options });
    session.start();
    return session;
  }

  it('retries Register through duplicateRegistration until the master accepts, logging the cause once', async () => {
    master.registerErrors = [ERROR.duplicateRegistration, ERROR.duplicateRegistration, ERROR.duplicateRegistration];
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    expect(master.received.filter((p) => p.type === 'register')).toHaveLength(4);
    expect(log.lines().filter((l) => String(l.err ?? '').includes('duplicateRegistration') && l.level === 40)).toHaveLength(1);
  });

  it('opens and registers with the configured timeout and priority, and lists itself with AddAgentCaps', async () => {
    startSession({ priority: 50, timeoutSeconds: 3, description: 'misp-agentx test' });
    await waitFor('registered', () => session.state === 'ready');
    expect(master.received.find((p) => p.type === 'open')).toMatchObject({ timeout: 3, id: TEST_ROOT, description: Buffer.from('misp-agentx test') });
    expect(master.received.find((p) => p.type === 'register')).toMatchObject({ timeout: 3, priority: 50, subtree: TEST_ROOT, sessionId: 42 });
    expect(master.received.find((p) => p.type === 'addAgentCaps')).toMatchObject({ id: TEST_ROOT, description: Buffer.from('misp-agentx test') });
  });

  it('answers a PDU with a malformed payload with parseError and keeps serving', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    const broken = encodePdu(get(100));
    broken[20] = 200; // n_subid beyond 128
    master.send(broken);
    const reply = await master.next(isResponseTo(100));
    expect(reply).toMatchObject({ type: 'response', error: ERROR.parseError });
    master.send(encodePdu(get(101)));
    const good = await master.next(isResponseTo(101));
    expect(good).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
    expect(session.state).toBe('ready');
    expect(master.connections).toBe(1);
  });

  it('answers every request of one read, in order, and the next reads as well (one reused read and write buffer)', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    // 120 Gets in one write: their answers (~10 KB) outgrow the first write buffer; then two more rounds.
    for (const first of [1000, 2000, 3000]) {
      const ids = Array.from({ length: 120 }, (_, i) => first + i);
      const answers = ids.map((id) => master.next(isResponseTo(id)));
      master.send(Buffer.concat(ids.map((id) => encodePdu(get(id)))));
      for (const reply of await Promise.all(answers)) expect(reply).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
    }
    const order = master.received.filter((p) => p.type === 'response').map((p) => p.packetId);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(master.connections).toBe(1);
  });

  it('keeps answers intact while the master reads slowly (answers queued in Node, not overwritten)', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    master.pause();
    // ~1.6 MB of answers: far more than the socket holds, so Node has to queue writes.
    const ids = Array.from({ length: 20_000 }, (_, i) => 10_000 + i);
    const last = master.next(isResponseTo(ids.at(-1) as number), 20_000);
    for (let i = 0; i < ids.length; i += 100) master.send(Buffer.concat(ids.slice(i, i + 100).map((id) => encodePdu(get(id)))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    master.resume();
    await last;
    const answers = master.received.filter((p) => p.type === 'response' && p.packetId >= ids[0]!);
    expect(answers.map((p) => p.packetId)).toEqual(ids);
    for (const reply of answers) expect(reply).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
    expect(master.connections).toBe(1);
  });

  it('answers an unknown PDU type with parseError', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    const unknown = encodePdu(get(102));
    unknown[1] = 77;
    master.send(unknown);
    expect(await master.next(isResponseTo(102))).toMatchObject({ error: ERROR.parseError });
  });

  it('closes with reason parseError and reconnects when the stream is corrupt', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    const corrupt = encodePdu(get(103));
    corrupt[0] = 9;
    master.send(corrupt);
    const close = await master.next((p) => p.type === 'close');
    expect(close).toMatchObject({ reason: 'parseError' });
    await waitFor('reconnected', () => master.connections === 2 && session.state === 'ready');
  });

  it('detects a master that stops answering Ping and reconnects', async () => {
    startSession({ pingIntervalMs: 100, requestTimeoutMs: 200 });
    await waitFor('registered', () => session.state === 'ready');
    const states: string[] = [];
    session.on('state', (s) => states.push(s));
    master.answerPings = false;
    // The reconnect is quick, so watch the transitions rather than sample the state.
    await waitFor('loss noticed', () => states.includes('disconnected'), 2000);
    master.answerPings = true;
    await waitFor('reconnected', () => session.state === 'ready' && master.connections >= 2, 3000);
  });

  it('reconnects when the master closes the session', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    master.send(encodePdu({ type: 'close', sessionId: 42, transactionId: 0, packetId: 0, reason: 'byManager' }));
    await waitFor('reconnected', () => master.connections === 2 && session.state === 'ready');
  });

  it('backs off, logging once, when the master ends every session as soon as it is open', async () => {
    startSession();
    session.on('state', (s) => {
      if (s === 'ready') setImmediate(() => master.send(encodePdu({ type: 'close', sessionId: 42, transactionId: 0, packetId: 0, reason: 'byManager' })));
    });
    await new Promise((r) => setTimeout(r, 2000));
    // Backoff of 100..500 ms (randomised, capped) after each short session: about 5-15 rounds in 2 s, not a thousand.
    expect(master.connections).toBeGreaterThan(2);
    expect(master.connections).toBeLessThan(20);
    const warnings = log.lines().filter((l) => (l.level as number) >= 40);
    expect(warnings.filter((l) => l.msg === 'AgentX session lost; reconnecting')).toHaveLength(1);
  });

  it('stops within its bound and sends Close(shutdown) even if the master stays silent', async () => {
    startSession();
    await waitFor('registered', () => session.state === 'ready');
    master.answerClose = false;
    const closing = master.next((p) => p.type === 'close');
    const started = performance.now();
    await session.stop(300);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await closing).toMatchObject({ reason: 'shutdown' });
    expect(session.state).toBe('stopped');
  });
});
