import { describe, expect, it } from 'vitest';
import { ParseWorker } from '../../../src/http/json-decode.js';

const large = (): Buffer => Buffer.from(JSON.stringify({ stats: { event_count: 7, padding: 'x'.repeat(400_000) } }));

describe('ParseWorker', () => {
  it('parses a large body in its thread and ends the thread once idle, starting a new one when needed', async () => {
    const worker = new ParseWorker(100);
    expect(worker.running).toBe(false);
    expect(await worker.parse(large())).toMatchObject({ stats: { event_count: 7 } });
    expect(worker.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(worker.running).toBe(false);
    expect(await worker.parse(large())).toMatchObject({ stats: { event_count: 7 } });
    expect(worker.running).toBe(true);
  });

  it('keeps the thread while parses follow each other closely', async () => {
    const worker = new ParseWorker(300);
    await worker.parse(large());
    await new Promise((resolve) => setTimeout(resolve, 150));
    await worker.parse(large());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(worker.running).toBe(true);
  });
});
