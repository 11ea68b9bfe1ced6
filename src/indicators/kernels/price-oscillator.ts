import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { isZero } from '../math.js';
import { MovingAverageStream, maInto, maLookback } from '../overlap/ma.js';

/** TA-Lib's APO/PPO lookback: the lookback of the slower of the two averages. */
export function priceOscillatorLookback(fastPeriod: number, slowPeriod: number, maType: number): number {
  return maLookback(Math.max(fastPeriod, slowPeriod), maType);
}

/** PPO's ratio: 100 (fast - slow) / slow, or 0 when the slow average is within 1e-14 of zero. */
function percent(fast: number, slow: number): number {
  return isZero(slow) ? 0 : ((fast - slow) / slow) * 100;
}

/**
 * TA-Lib's internal `INT_PO`, shared by APO and PPO: the fast and slow moving averages of `src`, each computed
 * from index 0 with its own warm-up (periods swapped when `slowPeriod < fastPeriod`), combined as
 * fast - slow (APO) or 100 (fast - slow) / slow (PPO) from the slow average's first value on.
 */
export function priceOscillator(src: Float64Array, fastPeriod: number, slowPeriod: number, maType: number, asPercent: boolean): Float64Array {
  const n = src.length;
  const fast = Math.min(fastPeriod, slowPeriod);
  const slow = Math.max(fastPeriod, slowPeriod);
  const start = maLookback(slow, maType);
  const out = new Float64Array(n).fill(NaN, 0, start);
  if (n <= start) return out;
  const fastMa = new Float64Array(n);
  maInto(src, 0, fast, maType, fastMa);
  maInto(src, 0, slow, maType, out);
  if (asPercent) for (let i = start; i < n; i++) out[i] = percent(fastMa[i]!, out[i]!);
  else for (let i = start; i < n; i++) out[i] = fastMa[i]! - out[i]!;
  return out;
}

/** The streaming engine of APO and PPO: two {@link MovingAverageStream}s fed from the first value. */
export abstract class PriceOscillatorStream extends BaseStream<[number], number> {
  private index = 0;
  private readonly fastMa: MovingAverageStream;
  private readonly slowMa: MovingAverageStream;
  private readonly start: number;

  protected constructor(
    indicator: string,
    args: readonly number[],
    readonly fastPeriod: number,
    readonly slowPeriod: number,
    readonly maType: number,
    private readonly asPercent: boolean,
  ) {
    super(indicator, args);
    this.fastMa = new MovingAverageStream(Math.min(fastPeriod, slowPeriod), maType);
    this.slowMa = new MovingAverageStream(Math.max(fastPeriod, slowPeriod), maType);
    this.start = priceOscillatorLookback(fastPeriod, slowPeriod, maType);
  }

  next(x: number): number {
    finiteInput(x, this.indicator);
    const fast = this.fastMa.update(x);
    const slow = this.slowMa.update(x);
    if (this.index < this.start) {
      this.index++;
      return NaN;
    }
    return this.asPercent ? percent(fast, slow) : fast - slow;
  }

  protected override stateRules(): StateRules {
    return { fastPeriod: FIXED, slowPeriod: FIXED, maType: FIXED, start: FIXED, asPercent: FIXED, index: int(0, this.start) };
  }
}
