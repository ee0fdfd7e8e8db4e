import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR } from '../../../src/agentx/constants.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxSession } from '../../../src/agentx/session.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { FakeMaster, isResponseTo, sampleGet as get } from '../../helpers/fake-master.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { SCALARS, TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { waitFor } from '../../../src/common/wait.js';


/** A master that answers with errors or closes the session: the subagent must come back each time, serving. */
describe('a master agent answering with errors or closing the session', () => {
  let master: FakeMaster;
  let session: AgentxSession;
  let log: ReturnType<typeof capturedLogger>;

  beforeEach(async () => {
    master = await FakeMaster.start();
    log = capturedLogger();
    session = new AgentxSession({
      socket: master.path,
      root: TEST_ROOT,
      tree: new LiveTree(sampleTree()),
      logger: log.logger,
      pingIntervalMs: 100,
      requestTimeoutMs: 300,
      reconnectMinDelayMs: 10,
      reconnectMaxDelayMs: 50,
    });
  });
  afterEach(async () => {
    await session.stop(300);
    await master.stop();
  });

  async function expectServing(packetId: number): Promise<void> {
    await waitFor('session ready', () => session.state === 'ready', 5000);
    const reply = master.next(isResponseTo(packetId));
    master.send(encodePdu(get(packetId)));
    expect(await reply).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
  }

  const warnings = (text: string): number => log.lines().filter((line) => line['level'] === 40 && String(line['err'] ?? '').includes(text)).length;

  it('retries an Open refused with openFailed, parseError or an unknown code, logging each cause once', async () => {
    master.openErrors = [ERROR.openFailed, ERROR.openFailed, ERROR.openFailed, ERROR.parseError, 999];
    session.start();
    await expectServing(1);
    expect(master.received.filter((pdu) => pdu.type === 'open')).toHaveLength(6);
    expect(warnings('openFailed')).toBe(1);
    expect(warnings('error 999')).toBe(1);
  });

  it('retries a Register refused with requestDenied or unknownRegistration', async () => {
    master.registerErrors = [ERROR.requestDenied, ERROR.unknownRegistration, ERROR.requestDenied];
    session.start();
    await expectServing(2);
    expect(master.received.filter((pdu) => pdu.type === 'register')).toHaveLength(4);
    expect(warnings('requestDenied')).toBeGreaterThanOrEqual(1);
  });

  it('drops and reopens a session whose Ping the master answers with an error (notOpen: it forgot us)', async () => {
    session.start();
    await expectServing(3);
    const states: string[] = [];
    session.on('state', (state) => states.push(state));
    master.pingError = ERROR.notOpen;
    await waitFor('loss noticed', () => states.includes('disconnected'), 3000);
    master.pingError = ERROR.noAgentXError;
    await expectServing(4);
    expect(master.connections).toBeGreaterThanOrEqual(2);
  });

  it('reopens after the master closes the session with each reason, five times in a row', async () => {
    session.start();
    await expectServing(5);
    for (const [i, reason] of (['other', 'parseError', 'protocolError', 'timeouts', 'byManager'] as const).entries()) {
      const connections = master.connections;
      master.send(encodePdu({ type: 'close', sessionId: 42, transactionId: 0, packetId: 0, reason }));
      await waitFor('reopened', () => master.connections === connections + 1, 5000);
      await expectServing(10 + i);
    }
    expect(log.lines().filter((line) => line['msg'] === 'AgentX session lost; reconnecting')).toHaveLength(5);
  });
});
