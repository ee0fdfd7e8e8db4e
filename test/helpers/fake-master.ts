import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR } from '../../src/agentx/constants.js';
import { decodePdu } from '../../src/agentx/decode.js';
import { encodePdu } from '../../src/agentx/encode.js';
import { Framer } from '../../src/agentx/framer.js';
import type { Pdu, ResponsePdu } from '../../src/agentx/pdu.js';
import { TEST_ROOT } from './sample-tree.js';

/** The session id the fake master gives every session it opens. */
export const FAKE_SESSION_ID = 42;

/** A Get, as the master would send it in the fake session, of the sample tree's Gauge32 scalar. */
export function sampleGet(packetId: number): Pdu {
  return { type: 'get', sessionId: FAKE_SESSION_ID, transactionId: packetId, packetId, ranges: [{ start: [...TEST_ROOT, 6, 0], include: false, end: [] }] };
}

/** Matches the subagent's Response to the master's request `packetId`. */
export const isResponseTo =
  (packetId: number) =>
  (pdu: Pdu): boolean =>
    pdu.type === 'response' && pdu.packetId === packetId;

/** A scripted AgentX master on a unix socket, to drive the subagent into corners snmpd never goes. */
export class FakeMaster {
  readonly received: Pdu[] = [];
  connections = 0;
  /** Open and Register answers to give, in order; then noAgentXError. */
  openErrors: number[] = [];
  registerErrors: number[] = [];
  answerPings = true;
  /** The res.error a Ping gets. */
  pingError: number = ERROR.noAgentXError;
  answerClose = true;
  private socket: Socket | null = null;
  private waiters: { match: (pdu: Pdu) => boolean; resolve: (pdu: Pdu) => void }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly path: string,
  ) {}

  static async start(): Promise<FakeMaster> {
    const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-fake-master-'));
    const path = join(dir, 'master.sock');
    const server = createServer();
    const master = new FakeMaster(server, dir, path);
    server.on('connection', (socket) => master.accept(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return master;
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.socket = socket;
    const framer = new Framer();
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) {
        const pdu = decodePdu(frame.header, frame.body);
        this.received.push(pdu);
        this.reply(socket, pdu);
        this.waiters = this.waiters.filter((w) => (w.match(pdu) ? (w.resolve(pdu), false) : true));
      }
    });
  }

  private reply(socket: Socket, pdu: Pdu): void {
    const respond = (error = 0): void => {
      const response: ResponsePdu = { type: 'response', sessionId: FAKE_SESSION_ID, transactionId: pdu.transactionId, packetId: pdu.packetId, sysUpTime: 0, error, index: 0, varbinds: [] };
      socket.write(encodePdu(response));
    };
    if (pdu.type === 'addAgentCaps' || (pdu.type === 'close' && this.answerClose)) respond();
    else if (pdu.type === 'open') respond(this.openErrors.shift() ?? ERROR.noAgentXError);
    else if (pdu.type === 'register') respond(this.registerErrors.shift() ?? ERROR.noAgentXError);
    else if (pdu.type === 'ping' && this.answerPings) respond(this.pingError);
  }

  /** Resolves with the next PDU from the subagent that matches. */
  next(match: (pdu: Pdu) => boolean, timeoutMs = 5000): Promise<Pdu> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake master: expected PDU did not arrive')), timeoutMs);
      this.waiters.push({ match, resolve: (pdu) => (clearTimeout(timer), resolve(pdu)) });
    });
  }

  /** Stops reading from the subagent (its answers back up in the socket) until resume(). */
  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  /** Sends raw bytes on the current connection. */
  send(bytes: Buffer): void {
    this.socket?.write(bytes);
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
