import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { ERROR_NAME_BY_CODE, ERROR, PDU_TYPE_BY_CODE } from './constants.js';
import { decodePdu } from './decode.js';
import { encodePduInto } from './encode.js';
import { AgentxFramingError } from './errors.js';
import { type Frame, Framer } from './framer.js';
import type { Pdu, PduIds, ResponsePdu } from './pdu.js';
import { PduWriter } from './writer.js';

/** A PDU we send, before the connection stamps its ids on it. */
export type OutgoingPdu = Pdu extends infer P ? (P extends Pdu ? Omit<P, keyof PduIds> : never) : never;

/** Answers a request from the master in the session `sessionId`; null when no Response is due. Must not throw. */
export type RequestHandler = (pdu: Pdu, sessionId: number) => ResponsePdu | null;

interface Pending {
  readonly resolve: (response: ResponsePdu) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

/** Names an AgentX res.error for logs and errors. */
export function errorName(code: number): string {
  return ERROR_NAME_BY_CODE.get(code) ?? `error ${code}`;
}

/**
 * One stream to the master agent: framing, matching our requests to their Responses, and
 * answering the master's requests. It ends once, with a reason; the session decides what next.
 * The socket's reads come in through receive() (connectToMaster's onData); the answers to all the
 * requests one read brought go out in one write, from one buffer reused while writes complete at once.
 */
export class MasterConnection {
  sessionId = 0;
  readonly closed: Promise<string>;
  private readonly framer = new Framer();
  private readonly pending = new Map<number, Pending>();
  private readonly out = new PduWriter(false, 4096);
  /** While the requests of one read are answered, answers wait in `out` for one write. */
  private receiving = false;
  private nextPacketId = 1;
  private ended = false;
  private resolveClosed!: (reason: string) => void;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RequestHandler,
    private readonly logger: Logger,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on('error', (error) => this.end(`socket error: ${error.message}`));
    socket.on('close', () => this.end('the master agent closed the connection'));
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Sends a request and resolves with the master's Response, or rejects after timeoutMs. */
  request(pdu: OutgoingPdu, timeoutMs: number): Promise<ResponsePdu> {
    if (this.ended) return Promise.reject(new Error('AgentX connection is closed'));
    const packetId = this.nextPacketId++ >>> 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(packetId);
        reject(new RequestTimeoutError(`no answer to ${pdu.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(packetId, { resolve, reject, timer });
      this.write({ ...pdu, sessionId: this.sessionId, transactionId: packetId, packetId } as Pdu);
    });
  }

  /** Ends the connection (idempotent); pending requests fail with the reason. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
    }
    this.pending.clear();
    this.resolveClosed(reason);
  }

  private write(pdu: Pdu): void {
    if (this.ended) return;
    encodePduInto(this.out, pdu);
    if (!this.receiving) this.flush();
  }

  private flush(): void {
    if (this.out.offset > 0 && !this.ended) {
      this.socket.write(this.out.finish());
      // Node holds on to the bytes only when it could not hand them all to the kernel at once.
      this.out.reset(this.socket.writableLength === 0);
    } else this.out.reset(true);
  }

  /** Bytes read from the socket; they may be overwritten once this returns. */
  receive(chunk: Buffer): void {
    if (this.ended) return;
    let frames: Frame[];
    try {
      frames = this.framer.push(chunk);
    } catch (error) {
      // Past a broken header the byte stream cannot be followed: close with reason parseError, reconnect.
      const message = error instanceof AgentxFramingError ? error.message : `framing failed: ${String(error)}`;
      this.logger.warn({ err: message }, 'AgentX stream from the master is corrupt; closing the session');
      this.write({ type: 'close', reason: 'parseError', sessionId: this.sessionId, transactionId: 0, packetId: 0 });
      this.end(`corrupt AgentX stream: ${message}`);
      return;
    }
    this.receiving = true;
    try {
      for (const frame of frames) this.dispatch(frame);
    } finally {
      this.receiving = false;
      this.flush();
    }
  }

  private dispatch({ header, body }: Frame): void {
    let pdu: Pdu;
    try {
      pdu = decodePdu(header, body);
    } catch (error) {
      const message = (error as Error).message;
      const pending = this.pending.get(header.packetId);
      const typeName = PDU_TYPE_BY_CODE.get(header.typeCode) ?? `type ${header.typeCode}`;
      this.logger.warn({ err: message, pduType: typeName }, 'unparseable AgentX PDU from the master');
      if (typeName === 'response') {
        if (pending) this.settle(header.packetId)?.reject(new Error(`unparseable Response: ${message}`));
      } else if (typeName !== 'cleanupSet') {
        const ids = { sessionId: header.sessionId, transactionId: header.transactionId, packetId: header.packetId };
        this.write({ type: 'response', ...ids, sysUpTime: 0, error: ERROR.parseError, index: 0, varbinds: [] });
      }
      return;
    }
    if (pdu.type === 'response') {
      this.settle(pdu.packetId)?.resolve(pdu);
      return;
    }
    if (pdu.type === 'close') {
      this.end(`the master agent closed the session (reason ${String(pdu.reason)})`);
      return;
    }
    const reply = this.handler(pdu, this.sessionId);
    if (reply) this.writeReply(reply);
  }

  /** A value that cannot be encoded costs that one request a genErr, never the session. */
  private writeReply(reply: ResponsePdu): void {
    const start = this.out.offset;
    try {
      this.write(reply);
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'a served value could not be encoded; answering genErr');
      this.out.rewind(start);
      this.write({ ...reply, error: ERROR.genErr, index: 0, varbinds: [] });
    }
  }

  private settle(packetId: number): Pending | undefined {
    const p = this.pending.get(packetId);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(packetId);
    return p;
  }
}
