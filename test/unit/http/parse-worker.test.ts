import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParseWorker } from '../../../src/http/json-decode.js';

const large = (): Buffer => Buffer.from(JSON.stringify({ stats: { event_count: 7, padding: 'x'.repeat(400_000) } }));

// Only the timers are fake: the worker thread's answers still arrive as real messages.
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('ParseWorker', () => {
  it('parses a large body in its thread and ends the thread once idle, starting a new one when needed', async () => {
    const worker = new ParseWorker(100);
    expect(worker.running).toBe(false);
    expect(await worker.parse(large())).toMatchObject({ stats: { event_count: 7 } });
    expect(worker.running).toBe(true);
    vi.advanceTimersByTime(99);
    expect(worker.running).toBe(true);
    vi.advanceTimersByTime(1);
    expect(worker.running).toBe(false);
    expect(await worker.parse(large())).toMatchObject({ stats: { event_count: 7 } });
    expect(worker.running).toBe(true);
    vi.advanceTimersByTime(100);
  });

  it('keeps the thread while parses follow each other closely', async () => {
    const worker = new ParseWorker(300);
    await worker.parse(large());
    vi.advanceTimersByTime(299);
    await worker.parse(large());
    vi.advanceTimersByTime(299);
    expect(worker.running).toBe(true);
    vi.advanceTimersByTime(1);
    expect(worker.running).toBe(false);
  });
});
