import { afterEach, describe, expect, it } from 'vitest';
import { AgentxSession } from '../../../src/agentx/session.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { T, getOnce } from '../../../src/snmp/manager.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../../src/common/wait.js';

const VALUE_OID = `${formatOid(TEST_ROOT)}.6.0`;

async function served(snmpd: Snmpd): Promise<boolean> {
  return (await getOnce(snmpd.udpPort, VALUE_OID))?.type === T.Gauge;
}

describe('recovery from a master agent that goes away', () => {
  let snmpd: Snmpd | undefined;
  let session: AgentxSession | undefined;

  afterEach(async () => {
    await session?.stop();
    await snmpd?.stop();
  });

  async function setUp(transport: 'unix' | 'tcp', launch = true) {
    snmpd = launch ? await Snmpd.start() : await Snmpd.prepare();
    const log = capturedLogger('info');
    session = new AgentxSession({ socket: transport === 'unix' ? snmpd.agentxUnix : snmpd.agentxTcp, root: TEST_ROOT, tree: new LiveTree(sampleTree()), logger: log.logger });
    session.start();
    return { snmpd, session, log };
  }

  it.each(['unix', 'tcp'] as const)('serves again within 2 s of snmpd coming back after SIGKILL (%s)', async (transport) => {
    const { snmpd, session } = await setUp(transport);
    await waitFor('first registration', () => session.state === 'ready');
    const sinceAnswering: number[] = [];
    const sinceSpawn: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      await snmpd.kill();
      await waitFor('loss noticed', () => session.state !== 'ready', 5000);
      // Let the backoff grow to its cap on later cycles.
      await new Promise((r) => setTimeout(r, 1500 * cycle));
      const spawned = performance.now();
      await snmpd.launch();
      const answering = performance.now();
      await waitFor('values served again', () => served(snmpd), 5000, 10);
      sinceAnswering.push(performance.now() - answering);
      sinceSpawn.push(performance.now() - spawned);
    }
    const ms = (list: number[]): string => list.map((t) => `${Math.round(t)} ms`).join(', ');
    console.log(`recovery after SIGKILL+restart over ${transport}: ${ms(sinceSpawn)} after snmpd was spawned; ${ms(sinceAnswering)} after it answered for its own objects`);
    expect(Math.max(...sinceAnswering)).toBeLessThan(2000);
  }, 30_000);

  it('recovers after snmpd is stopped (SIGSTOP) for 10 s and continued', async () => {
    const { snmpd, session, log } = await setUp('unix');
    await waitFor('first registration', () => session.state === 'ready');
    snmpd.signal('SIGSTOP');
    await new Promise((r) => setTimeout(r, 10_000));
    expect(session.state, 'a hung master is detected by the Ping').not.toBe('ready');
    snmpd.signal('SIGCONT');
    const back = await waitFor('values served again', () => served(snmpd), 10_000, 20);
    console.log(`recovery after SIGSTOP 10 s + SIGCONT: ${Math.round(back)} ms`);
    const warnings = log.lines().filter((l) => l.level === 40);
    // One line for the loss, one per distinct setup failure: never one per retry.
    expect(warnings.length).toBeLessThanOrEqual(5);
    expect(log.lines().filter((l) => l.msg === 'AgentX session lost; reconnecting')).toHaveLength(1);
  }, 40_000);

  it('waits for an snmpd that starts after it', async () => {
    const { snmpd, session, log } = await setUp('unix', false);
    await new Promise((r) => setTimeout(r, 1500));
    expect(session.state).not.toBe('ready');
    await snmpd.launch();
    const back = await waitFor('values served', () => served(snmpd), 5000, 10);
    expect(back).toBeLessThan(2000);
    expect(log.lines().filter((l) => l.msg === 'cannot establish the AgentX session; retrying')).toHaveLength(1);
  }, 20_000);
});
