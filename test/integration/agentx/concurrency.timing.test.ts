import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentxSession } from '../../../src/agentx/session.js';
import type { SessionState } from '../../../src/agentx/session-state.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { SnmpClient, T } from '../../../src/snmp/manager.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../../src/common/wait.js';

const ROOT = formatOid(TEST_ROOT);
const CLIENTS = 16;
const DURATION_MS = 10_000;

let snmpd: Snmpd;
let session: AgentxSession;
const states: SessionState[] = [];
const live = new LiveTree(sampleTree(20));

beforeAll(async () => {
  snmpd = await Snmpd.start();
  session = new AgentxSession({ socket: snmpd.agentxUnix, root: TEST_ROOT, tree: live, logger: capturedLogger('info').logger });
  session.on('state', (s) => states.push(s));
  session.start();
  await waitFor('session ready', () => session.state === 'ready');
  states.length = 0;
});

afterAll(async () => {
  await session?.stop();
  await snmpd?.stop();
});

it(`serves ${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s with no error and no session drop`, async () => {
  let requests = 0;
  const errors: string[] = [];
  const deadline = performance.now() + DURATION_MS;
  // Swap trees under load too: readers must never see a half-built one.
  let generation = 0;
  const swapper = setInterval(() => live.replace(sampleTree(20, ++generation % 2)), 50);

  async function client(id: number): Promise<void> {
    const snmp = new SnmpClient(snmpd.udpPort, { timeoutMs: 3000 });
    try {
      while (performance.now() < deadline) {
        const kind = (requests + id) % 3;
        try {
          if (kind === 0) {
            const vbs = await snmp.get([`${ROOT}.1.0`, `${ROOT}.9.0`, `${ROOT}.10.1.3.${(id % 20) + 1}`]);
            if (vbs.some((vb) => vb.type >= T.NoSuchObject)) errors.push(`get: exception value ${JSON.stringify(vbs.map((v) => v.type))}`);
            const row = vbs[2]?.value as number;
            if (row % 100 > 1) errors.push(`get: torn value ${row}`);
          } else if (kind === 1) {
            const [vb] = await snmp.getNext([`${ROOT}.10.1.2.${(id % 20) + 1}`]);
            if (!vb?.oid.startsWith(ROOT)) errors.push(`getNext: left subtree at ${vb?.oid}`);
          } else {
            const vbs = (await snmp.getBulk([`${ROOT}.10.1.3`], 0, 10)).flat();
            if (vbs.length !== 10) errors.push(`getBulk: ${vbs.length} varbinds`);
          }
          requests++;
        } catch (error) {
          errors.push(`${kind}: ${(error as Error).message}`);
        }
      }
    } finally {
      snmp.close();
    }
  }

  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  clearInterval(swapper);
  const drops = states.filter((s) => s !== 'ready').length;
  console.log(`concurrency: ${CLIENTS} clients, ${requests} requests in ${DURATION_MS} ms (${Math.round(requests / (DURATION_MS / 1000))}/s), ${errors.length} errors, ${drops} session drops`);
  expect(errors.slice(0, 5)).toEqual([]);
  expect(drops).toBe(0);
  expect(session.state).toBe('ready');
  expect(requests).toBeGreaterThan(CLIENTS * 10);
}, 40_000);
