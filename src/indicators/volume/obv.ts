import { checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link obv}. */
export const obvMeta: IndicatorMeta = defineMeta({
  name: 'OBV',
  group: 'volume',
  description: 'On-balance volume',
  inputs: ['real', 'volume'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * On-balance volume, exactly as TA-Lib's `TA_OBV`: starts at the first volume, then adds the volume when the price
 * rises, subtracts it when the price falls, and keeps it when the price is unchanged. Defined from index 0.
 * A NaN price compares neither up nor down, so OBV holds through it and the candle after it; a NaN volume makes
 * every later value NaN once it is added or subtracted.
 *
 * Reference: Joseph Granville, "New Key to Stock Market Profits" (1963); TA-Lib `ta_OBV.c`.
 *
 * @example
 * ```ts
 * obv(new Float64Array([1, 2, 1]), new Float64Array([5, 3, 2])) // => [5, 8, 6]
 * ```
 */
export function obv(real: Float64Array, volume: Float64Array): Float64Array {
  return obvInto(outputFor(real), real, volume);
}

/**
 * {@link obv} written into the caller's buffer `out` (no allocation): `out[0 .. n)` (n, the inputs' length) gets the
 * values, elements from `n` on are left as they were. Returns `out`. Throws `InvalidParameterError` (`OBV.out`) when
 * `out` is not a `Float64Array`, is shorter than the inputs, or shares memory with an input.
 *
 * @example
 * ```ts
 * obvInto(new Float64Array(3), new Float64Array([1, 2, 1]), new Float64Array([5, 3, 2])) // => [5, 8, 6]
 * ```
 */
export function obvInto(out: Float64Array, real: Float64Array, volume: Float64Array): Float64Array {
  const n = checkSeries('OBV', real, volume);
  intoOutput(obvMeta, out, n, 0, [real, volume]);
  if (n === 0) return out;
  // Branch-free: the price direction is a coin flip on market data, and a mispredicted branch per candle made this
  // loop 3x slower. The total subtracts pick[direction]: 0 (unchanged or NaN), -v (up: acc - (-v) is acc + v by
  // IEEE definition) or v (down); subtracting +0 leaves any total unchanged, -0 included, so this equals TA-Lib's
  // if/else bit for bit. Only the subtraction is on the total's dependency chain; the pick does not wait for it.
  const pick = new Float64Array(3);
  let acc = volume[0]!;
  let prev = real[0]!;
  for (let i = 0; i < n; i++) {
    const x = real[i]!;
    const v = volume[i]!;
    pick[1] = -v;
    pick[2] = v;
    acc -= pick[Number(x > prev) + 2 * Number(x < prev)]!;
    out[i] = acc;
    prev = x;
  }
  return out;
}

/** Streaming {@link obv}: `next(price, volume)`. */
export class ObvStream extends BaseStream<[number, number], number> {
  private started = false;
  private obv = 0;
  private prev = NaN;

  constructor() {
    super('OBV', []);
  }

  next(price: number, volume: number): number {
    finiteInput(price, this.indicator);
    finiteInput(volume, this.indicator, 'volume');
    if (!this.started) {
      this.started = true;
      this.obv = volume;
    } else if (price > this.prev) this.obv += volume;
    else if (price < this.prev) this.obv -= volume;
    this.prev = price;
    return this.obv;
  }

  protected override stateRules(): StateRules {
    return { prev: this.started ? FINITE : ANY_NUMBER };
  }
}

/** OBV as a uniform {@link IndicatorDefinition}. */
export const OBV = defineIndicator(obvMeta, ([real, volume]) => obv(real!, volume!), () => new ObvStream());
