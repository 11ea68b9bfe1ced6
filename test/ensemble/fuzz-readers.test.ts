/**
 * Issue 13: a fuzz test of every model reader (XGBoost JSON and UBJSON, LightGBM text, our tree JSON and binary, the
 * MLP's JSON and binary, the ensemble artifact, ONNX). fast-check generates mutated files from the committed fixtures
 * and our writers' output (fuzz/corpus.ts, fuzz/others.ts): bit flips,
 * truncations at section boundaries, huge, negative and non-numeric counts, deep nesting, splices and repeats; every
 * count site and every truncation of a small model is also swept exhaustively. Each case runs in a worker of
 * fuzz/pool.ts (256 MB heap cap, a time limit, typed arrays metered against the bound of bounded.ts), many cases
 * per worker. Every outcome must be a usable model (the very model, if the file is unchanged) or a typed AlphaError
 * with a short message: never a crash, a hang, a RangeError/TypeError or an allocation above the bound.
 *
 * Reproducible: fixed seeds; a failure prints the seed, the path and the shrunk case (fast-check's report).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_READERS, HOSTILE_COUNTS, RETYPE_COUNT, SNIPPET_COUNT, type FuzzCase, type FuzzReader, type Mutation } from './fuzz/corpus.js';
import { FuzzPool } from './fuzz/pool.js';
import type { Outcome, SweepResult } from './fuzz/protocol.js';

/** Base seed of the properties (one per reader: SEED + its index). */
const SEED = 0x13_2025;
/** Mutated files per reader. */
const RUNS = 800;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('count' as const), site: fc.nat(), value: fc.nat(HOSTILE_COUNTS.length - 1) }),
  fc.record({ op: fc.constant('retype' as const), site: fc.nat(), type: fc.nat(RETYPE_COUNT - 1) }),
  fc.record({ op: fc.constant('nest' as const), depth: fc.constantFrom(255, 256, 257, 5_000, 200_000) }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), remove: fc.nat(64), insert: fc.nat(SNIPPET_COUNT - 1) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat(4096) }),
);

const fuzzCase = (reader: FuzzReader): fc.Arbitrary<FuzzCase> =>
  fc.record({ reader: fc.constant(reader), fixture: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }), fixChecksum: fc.boolean() });

describe('model readers under fuzzing', () => {
  const pool = new FuzzPool(2);
  afterAll(() => pool.close());

  it.concurrent.each(FUZZ_READERS.map((r, i) => [r, i] as const))(`%s: ${RUNS} mutated files give a model or a typed error`, async (reader, i) => {
    await fc.assert(
      fc.asyncProperty(fuzzCase(reader), async (c) => {
        const o = (await pool.run({ type: 'fuzz', case: c }, 30_000)) as Outcome;
        if (o.kind !== 'ok' && o.kind !== 'error') throw new Error(`${o.kind}: ${o.message}`);
      }),
      { seed: SEED + i, numRuns: RUNS },
    );
  });

  it.concurrent.each(FUZZ_READERS.flatMap((r) => [[r, 'truncate'], [r, 'count']] as const))('%s: every %s of a small model', async (reader, what) => {
    const r = (await pool.run({ type: 'sweep', reader, fixture: 0, what }, 120_000)) as SweepResult | Outcome;
    expect('failures' in r ? r.failures : [`${r.kind}: ${'message' in r ? r.message : ''}`]).toEqual([]);
    expect((r as SweepResult).cases).toBeGreaterThan(100);
  });
});
