import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR } from '../../../src/agentx/constants.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxSession } from '../../../src/agentx/session.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { FakeMaster, isResponseTo as isAnswerTo, sampleGet as probe } from '../../helpers/fake-master.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { SCALARS, TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { waitFor } from '../../../src/common/wait.js';
import { wholeFrameArb } from './mutations.js';


describe('a live session fed damaged PDUs by its master', () => {
  let master: FakeMaster;
  let session: AgentxSession;
  const log = capturedLogger('info');

  beforeAll(async () => {
    master = await FakeMaster.start();
    session = new AgentxSession({ socket: master.path, root: TEST_ROOT, tree: new LiveTree(sampleTree()), logger: log.logger, reconnectMinDelayMs: 10, reconnectMaxDelayMs: 50 });
    session.start();
    await waitFor('registered', () => session.state === 'ready');
  });
  afterAll(async () => {
    await session.stop(500);
    await master.stop();
  });

  it('answers parseError and keeps serving, or closes with parseError and reopens cleanly; never crashes', async () => {
    let kept = 0;
    let reopened = 0;
    let packetId = 1_000_000;
    const parseErrors = (): number => master.received.filter((pdu) => pdu.type === 'response' && pdu.error === ERROR.parseError).length;
    await fc.assert(
      fc.asyncProperty(wholeFrameArb, async ({ bytes, breaksFraming }) => {
        const connections = master.connections;
        const id = packetId++;
        const closed = master.next((pdu) => pdu.type === 'close', 3000).then(
          (pdu) => pdu,
          () => null,
        );
        const answered = master.next(isAnswerTo(id), 1500).then(
          (pdu) => pdu,
          () => null,
        );
        // The damaged frame and a good request in one write: the request must still be answered.
        master.send(Buffer.concat([bytes, encodePdu(probe(id))]));
        const first = await Promise.race([answered, closed]);
        if (first?.type === 'response') {
          expect(breaksFraming).toBe(false);
          expect(first).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
          kept++;
          return;
        }
        // Only a broken header (we close with parseError) or a frame that became a valid Close
        // from the master (it closed the session) may cost the connection.
        const closeFromMaster = bytes[1] === 2;
        expect(breaksFraming || closeFromMaster, 'a damaged payload must not cost the connection').toBe(true);
        if (first !== null) expect(first).toMatchObject({ type: 'close', reason: 'parseError' });
        await waitFor('reopened', () => master.connections === connections + 1 && session.state === 'ready', 5000, 5);
        const again = master.next(isAnswerTo(id), 3000);
        master.send(encodePdu(probe(id)));
        expect(await again).toMatchObject({ error: 0, varbinds: [{ value: SCALARS.gauge32.value }] });
        reopened++;
      }),
      { numRuns: 300 },
    );
    console.log(`session fuzz: 300 damaged frames; ${kept} answered on the same connection, ${reopened} cost the connection and reopened; ${parseErrors()} answered parseError`);
    expect(kept).toBeGreaterThan(200);
    expect(parseErrors()).toBeGreaterThan(50);
    expect(reopened).toBeGreaterThan(5);
    expect(log.lines().filter((line) => line['msg'] === 'AgentX session loop failed; retrying in 1 s')).toEqual([]);
  }, 120_000);
});
