/**
 * The volume profile's two evaluations (batch on the candle columns, stream on its ring) on the paths its
 * histogram takes: windows that wrap around the ring, windows without volume (the time profile) next to windows
 * with volume, zero-range candles and flat windows. The batch is checked against a brute-force profile written
 * here from the definition, and the stream against the batch bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { volumeProfileKernel } from '../../src/features/kernels/volume-profile.js';

/** A candle as [low, high, volume]. */
type Row = [number, number, number];

const row = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(0, 0, 1, 2.5, 7))
  .map(([low, span, volume]): Row => [low / 4, (low + span) / 4, volume]);

/** The definition directly: every candle against every bin (time profile when the window has no volume), POC, 70% area. */
function bruteForce(rows: readonly Row[], bins: number): [number, number, number] {
  const lo = Math.min(...rows.map((r) => r[0]));
  const hi = Math.max(...rows.map((r) => r[1]));
  if (hi === lo) return [lo, lo, lo];
  const edge = (b: number): number => (b === bins ? hi : lo + ((hi - lo) * b) / bins);
  const traded = rows.some((r) => r[2] > 0);
  const hist = new Array<number>(bins).fill(0);
  for (const [l, h, v] of rows) {
    const weight = traded ? v : 1;
    if (h === l) {
      let b = 0;
      while (b < bins - 1 && edge(b + 1) <= l) b++;
      hist[b]! += weight;
      continue;
    }
    for (let b = 0; b < bins; b++) {
      const overlap = Math.min(h, edge(b + 1)) - Math.max(l, edge(b));
      if (overlap > 0) hist[b]! += (weight / (h - l)) * overlap;
    }
  }
  const total = hist.reduce((a, b) => a + b, 0);
  const poc = hist.indexOf(Math.max(...hist));
  let top = poc;
  let bottom = poc;
  let area = hist[poc]!;
  while (area < 0.7 * total && (top < bins - 1 || bottom > 0)) {
    const above = hist[top + 1] ?? -1;
    const below = hist[bottom - 1] ?? -1;
    area += above >= below ? hist[++top]! : hist[--bottom]!;
  }
  return [(edge(poc) + edge(poc + 1)) / 2, edge(top + 1), edge(bottom)];
}

function batch(window: number, bins: number, rows: readonly Row[]): Float64Array[] {
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]!);
  return volumeProfileKernel(window, bins).batch([col(1), col(0), col(2)], rows.length);
}

describe('volume profile: batch and stream on every histogram path', () => {
  it('a hand-checked window that wraps the ring and has no volume: the time profile', () => {
    // window 2, 4 bins over [1, 3] (width 0.5). Rows 2-3 hold no volume: [1, 2] and [1, 3] each weigh 1 ->
    // bins 0.5 + 0.25, 0.5 + 0.25, 0.25, 0.25; total 2, 70% = 1.4: POC bin 0 (tie: lower), then bin 1 -> 1.5.
    const rows: Row[] = [[1, 2, 5], [2, 3, 5], [1, 2, 0], [1, 3, 0]];
    const stream = volumeProfileKernel(2, 4).stream();
    const out = new Float64Array(3);
    for (const [l, h, v] of rows) stream.next(Float64Array.of(h, l, v), out);
    expect(Array.from(out)).toEqual([1.25, 2, 1]);
    expect(batch(2, 4, rows).map((c) => c[3])).toEqual([1.25, 2, 1]);
  });

  it('batch equals the brute-force profile, and the stream equals the batch bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.array(row, { minLength: 1, maxLength: 40 }), (window, bins, rows) => {
        const cols = batch(window, bins, rows);
        const stream = volumeProfileKernel(window, bins).stream();
        const out = new Float64Array(3);
        rows.forEach(([l, h, v], i) => {
          stream.next(Float64Array.of(h, l, v), out);
          const expected = i < window - 1 ? [NaN, NaN, NaN] : bruteForce(rows.slice(i - window + 1, i + 1), bins);
          for (let k = 0; k < 3; k++) {
            expect(Object.is(out[k], cols[k]![i])).toBe(true);
            if (Number.isNaN(expected[k])) expect(cols[k]![i]).toBeNaN();
            else expect(cols[k]![i]).toBeCloseTo(expected[k]!, 9);
          }
        });
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
