import type { Readable } from 'node:stream';
import { PollError } from './poll-error.js';

export interface BodyLimits {
  readonly maxBytes: number;
  /** The whole body must arrive within this time, so a trickling answer cannot hold a poll forever. */
  readonly bodyMs: number;
}

/**
 * Reads a response body into one Buffer, stopping (and destroying the stream, which drops the
 * connection) as soon as it exceeds maxBytes or runs past bodyMs. A declared Content-Length over
 * the cap is refused before any byte is read.
 */
export async function readBody(body: Readable, declaredLength: string | undefined, limits: BodyLimits): Promise<Buffer> {
  const declared = declaredLength === undefined ? NaN : Number(declaredLength);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    body.destroy();
    throw new PollError('tooLarge', `answer of ${declared} bytes exceeds the ${limits.maxBytes}-byte limit`);
  }
  const timer = setTimeout(() => {
    body.destroy(new PollError('timeout', `body not received within ${limits.bodyMs} ms`));
  }, limits.bodyMs);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > limits.maxBytes) {
        body.destroy();
        throw new PollError('tooLarge', `answer exceeds the ${limits.maxBytes}-byte limit`);
      }
      chunks.push(buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, total);
}

/** One HTTP answer as the client read it: status, headers and the (size-capped) body. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export function headerValue(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function looksLikeHtml(answer: HttpAnswer): boolean {
  if (/html/i.test(headerValue(answer, 'content-type'))) return true;
  const start = answer.body.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<');
}
