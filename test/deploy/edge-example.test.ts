/**
 * examples/edge-function/local.ts runs as a user runs it (`npx tsx`, against the build) on the embedded PGlite store
 * and prints what its comments say: the prediction handler called with `Request`s (200 and the rows written, a retry
 * that writes nothing, 400 with zod's message, 401). Apart from edge-functions.test.ts because PGlite's start-up
 * (initdb in WebAssembly) takes seconds.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './edge-deno.js';

describe('examples/edge-function/local.ts', () => {
  it('runs as a user runs it (npx tsx) on the embedded PGlite store and prints what its comments say', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/edge-function/local.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/^BTC 15m model v1 active \(5 features, horizons 1 and 4\)$/m);
    expect(out).toMatch(/^POST \{now\} +-> 200, 2 predictions written \(\{"rows":2,"unchanged":0\}\)/m);
    expect(out).toMatch(/^ {2}2025-03-01T09:45:00\.000Z h1: pUp 0\.\d{4}, direction -?1, size \d\.\d{4}$/m);
    expect(out).toMatch(/^ {2}2025-03-01T09:45:00\.000Z h4: /m);
    expect(out).toMatch(/^POST again +-> 200, written \{"rows":0,"unchanged":2\}$/m);
    expect(out).toMatch(/^POST \{write:'yes'\} +-> 400 \{"error":"invalid_request","reason":"✖ Invalid input: expected boolean, received string\\n {2}→ at write"\}$/m);
    expect(out).toMatch(/^POST without a key +-> 401 \{"error":"unauthorized","reason":"no Authorization header"\}$/m);
  }, 120_000);
});
