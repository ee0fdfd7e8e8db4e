import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../../src/http/json-decode.js';
import { jsonShapeProblem } from '../../../src/http/json-shape.js';
import { simulatedAnswer } from '../../../src/sim/simulated-misp.js';
import { defaultState } from '../../../src/sim/scenario.js';
import { deeplyNested, fiveMillionObjects } from './hostile-bodies.js';

const shape = (text: string): string | null => jsonShapeProblem(Buffer.from(text));

describe('JSON refused before parsing when parsing it would cost too much', () => {
  it('passes MISP answers and counts nothing inside strings', () => {
    const state = defaultState('2.5', {});
    expect(shape(JSON.stringify(simulatedAnswer('/servers/serverSettings', state)))).toBeNull();
    expect(shape(JSON.stringify(simulatedAnswer('/servers/getWorkers', state)))).toBeNull();
    expect(shape(JSON.stringify({ text: `"\\[{,${'['.repeat(1000)}` }))).toBeNull();
    expect(shape('['.repeat(64) + ']'.repeat(64))).toBeNull();
  });

  it('refuses nesting past 64 levels and more than 4 million values', () => {
    expect(shape('['.repeat(65) + ']'.repeat(65))).toBe('JSON answer is nested deeper than 64 levels');
    expect(shape(`[${'0,'.repeat(3_999_999)}0]`)).toBeNull();
    expect(shape(`[${'0,'.repeat(4_000_000)}0]`)).toBe('JSON answer has too many values');
  });

  it('turns a million-deep nesting and 15 MB of five million objects into invalidResponse, quickly and without the memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    for (const body of [deeplyNested(), fiveMillionObjects()]) {
      await expect(decodeJson(Buffer.from(body))).rejects.toMatchObject({ status: 'invalidResponse' });
    }
    expect(performance.now() - started).toBeLessThan(3000);
    // Parsing the five million objects took ~300 MB in the worker before this check existed.
    expect((process.memoryUsage().rss - rssBefore) / 1e6).toBeLessThan(150);
  });

  it('an idle parse worker does not keep a process alive', async () => {
    const module = join(import.meta.dirname, '../../../dist/http/json-decode.js');
    const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-worker-'));
    const script = join(dir, 'parse-once.mjs');
    // Large enough for the worker; the process must end once the answer is back.
    writeFileSync(script, `const { decodeJson } = await import(${JSON.stringify(module)}); await decodeJson(Buffer.from(JSON.stringify({ pad: 'x'.repeat(300000) })));`);
    const started = performance.now();
    try {
      await promisify(execFile)(process.execPath, [script], { timeout: 10_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
