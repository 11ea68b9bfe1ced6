/**
 * Issue 13, the model readers: every specific hostile input tried (fuzz/hostile.ts, a named case each) gives the
 * expected typed error with a short message naming the place, or loads. Each runs in a fuzz worker under a 256 MB
 * heap cap, the typed-array bound of bounded.ts and a time limit, so a regression fails instead of taking the test
 * process down.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AlphaError } from '../../src/core/errors.js';
import { HOSTILE_CASES } from './fuzz/hostile.js';
import { FuzzPool } from './fuzz/pool.js';
import type { Outcome } from './fuzz/protocol.js';

describe('model readers: named hostile inputs', () => {
  const pool = new FuzzPool(2);
  afterAll(() => pool.close());

  it('lists several times more cases than issue 13 gives for the readers', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThan(100);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
  });

  it.concurrent.each(HOSTILE_CASES.map((c, i) => [`${c.reader}: ${c.name}`, i] as const))('%s', async (_name, index) => {
    const c = HOSTILE_CASES[index]!;
    const o = (await pool.run({ type: 'hostile', index }, 20_000)) as Outcome;
    if (c.expect === 'ok') {
      expect(o).toMatchObject({ kind: 'ok' });
      return;
    }
    expect(o).toMatchObject({ kind: 'error', code: c.expect.code });
    const message = (o as { message: string }).message;
    expect(message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
    if (c.expect.match !== undefined) expect(message).toContain(c.expect.match);
  });
});
