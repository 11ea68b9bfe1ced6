import type { Candles } from '../core/types.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { describeValue } from '../core/describe.js';
import { assertCandles } from '../core/candles.js';
import { checkInteger, checkNumber } from './checks.js';
import { rollingVolatility } from './volatility.js';

/** Options of {@link tripleBarrierLabels}. */
export interface TripleBarrierOptions {
  /** Vertical barrier: candles after t (h >= 1). */
  horizon: number;
  /** Profit-take barrier at close[t] * (1 + profitTake * sigma[t]); 0 disables it. */
  profitTake: number;
  /** Stop-loss barrier at close[t] * (1 - stopLoss * sigma[t]); 0 disables it. */
  stopLoss: number;
  /**
   * Volatility per candle (a return scale, e.g. {@link rollingVolatility}: NaN where unknown, else finite and >= 0),
   * or the window (an integer >= 2) for the default estimate. Default window 96.
   */
  volatility?: Float64Array | number;
}

const OPTIONS = ['horizon', 'profitTake', 'stopLoss', 'volatility'];

/** Triple-barrier outcome per candle (NaN where unlabeled: no volatility yet, or fewer than `horizon` candles ahead). */
export interface TripleBarrierLabels {
  /** 1 when the upper barrier is touched first, 0 for the lower one; at the vertical barrier, 1 if the return is > 0, else 0. */
  readonly label: Float64Array;
  /** Index of the candle where the first barrier was touched (the label's end t1). */
  readonly t1: Float64Array;
  /** Which barrier: 1 upper, -1 lower, 0 vertical. */
  readonly barrier: Float64Array;
  /** Realized return close[t1] / close[t] - 1 (at a touched horizontal barrier: the barrier level's return). */
  readonly ret: Float64Array;
}

/**
 * Triple-barrier labels (López de Prado 2018, ch. 3.4): from each candle t, the first of an upper barrier
 * close[t] (1 + pt sigma_t), a lower barrier close[t] (1 - sl sigma_t) and a vertical barrier h candles later.
 * Touches are detected on the highs and lows of candles t+1 .. t+h; when one candle touches both, the lower
 * barrier is taken first (for a long, the conservative stop-loss-first rule: the order inside a candle is unknown). Only candles <= t1 are used.
 * Cost O(n h) at worst.
 *
 * `candles` are checked as `assertCandles` does (a `CandleValidationError` for a missing `high`, a NaN price, an
 * unsorted time...); a bad or unknown option, or a negative, infinite or misaligned volatility, is an
 * `InvalidParameterError`.
 *
 * @example
 * ```ts
 * const c = { time: Float64Array.of(0, 1, 2), open: Float64Array.of(100, 100, 100), high: Float64Array.of(100, 103, 100),
 *             low: Float64Array.of(100, 100, 100), close: Float64Array.of(100, 100, 100), volume: Float64Array.of(1, 1, 1) }
 * const tb = tripleBarrierLabels(c, { horizon: 1, profitTake: 2, stopLoss: 1, volatility: Float64Array.of(0.01, 0.01, 0.01) })
 * [tb.label[0], tb.barrier[0], tb.t1[0], tb.ret[0]] // => [1, 1, 1, 0.020000000000000018] (high 103 >= 102: upper barrier)
 * ```
 */
export function tripleBarrierLabels(candles: Candles, options: TripleBarrierOptions): TripleBarrierLabels {
  const { horizon, profitTake, stopLoss, sigma } = checkBarrierInput(candles, options);
  return barrierLabels(candles, horizon, profitTake, stopLoss, sigma);
}

/** Checks the candles and options of a barrier labeler and resolves the volatility. */
function checkBarrierInput(candles: Candles, options: TripleBarrierOptions): { horizon: number; profitTake: number; stopLoss: number; sigma: Float64Array } {
  const { horizon, profitTake, stopLoss, volatility = 96 } = checkOptions(options, OPTIONS, 'options');
  checkInteger('horizon', horizon, 1);
  checkNumber('profitTake', profitTake, 0);
  checkNumber('stopLoss', stopLoss, 0);
  assertCandles(candles);
  const n = candles.close.length;
  if (typeof volatility === 'number') return { horizon, profitTake, stopLoss, sigma: rollingVolatility(candles.close, volatility) };
  if (!(volatility instanceof Float64Array) || volatility.length !== n) {
    throw new InvalidParameterError('volatility', `expected a Float64Array of length ${n} or a window, got ${describeValue(volatility)}`);
  }
  for (let i = 0; i < n; i++) {
    const s = volatility[i]!;
    if (!Number.isNaN(s) && !(s >= 0 && s < Infinity)) throw new InvalidParameterError(`volatility[${i}]`, `must be NaN (unknown) or finite and >= 0, got ${s}`, { index: i, value: s });
  }
  return { horizon, profitTake, stopLoss, sigma: volatility };
}

/** The barrier loop on checked input. */
function barrierLabels(candles: Candles, h: number, pt: number, sl: number, sigma: Float64Array): TripleBarrierLabels {
  const { high, low, close } = candles;
  const n = close.length;
  const label = new Float64Array(n).fill(NaN);
  const t1 = new Float64Array(n).fill(NaN);
  const barrier = new Float64Array(n).fill(NaN);
  const ret = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const s = sigma[t]!;
    if (Number.isNaN(s)) continue;
    const c0 = close[t]!;
    const upper = pt > 0 ? c0 * (1 + pt * s) : Infinity;
    const lower = sl > 0 ? c0 * (1 - sl * s) : -Infinity;
    let j = t + 1;
    for (; j <= t + h; j++) {
      if (low[j]! <= lower) {
        label[t] = 0;
        barrier[t] = -1;
        ret[t] = lower / c0 - 1;
        break;
      }
      if (high[j]! >= upper) {
        label[t] = 1;
        barrier[t] = 1;
        ret[t] = upper / c0 - 1;
        break;
      }
    }
    if (j > t + h) {
      j = t + h;
      const r = close[j]! / c0 - 1;
      label[t] = r > 0 ? 1 : 0;
      barrier[t] = 0;
      ret[t] = r;
    }
    t1[t] = j;
  }
  return { label, t1, barrier, ret };
}

/**
 * Meta-labels (López de Prado 2018, ch. 3.6): given a primary model's side per candle (+1 long, -1 short, 0 none),
 * label 1 when that trade, run through the same triple barrier with the barriers oriented by side, ends with a
 * positive return, else 0; NaN where the side is 0 or no label exists. `side` must be a Float64Array of -1, 0 and 1,
 * one per candle; candles and options are checked as {@link tripleBarrierLabels} checks them.
 *
 * @example
 * ```ts
 * // candles c: close 100, 101, 102 with open = high = low = close; barriers too wide to touch: the vertical one decides
 * const m = metaLabels(Float64Array.of(1, -1, 0), c, { horizon: 1, profitTake: 100, stopLoss: 100, volatility: Float64Array.of(0.01, 0.01, 0.01) })
 * m.label // => Float64Array [1, 0, NaN] (the long made money, the short lost, no side no label)
 * ```
 */
export function metaLabels(side: Float64Array, candles: Candles, options: TripleBarrierOptions): TripleBarrierLabels {
  const { horizon, profitTake, stopLoss, sigma } = checkBarrierInput(candles, options);
  const n = candles.close.length;
  if (!(side instanceof Float64Array) || side.length !== n) throw new InvalidParameterError('side', `expected a Float64Array of length ${n}, got ${describeValue(side)}`);
  for (let i = 0; i < n; i++) {
    const s = side[i]!;
    if (s !== 1 && s !== -1 && s !== 0) throw new InvalidParameterError(`side[${i}]`, `must be 1, -1 or 0, got ${s}`, { index: i, value: s });
  }
  const long = barrierLabels(candles, horizon, profitTake, stopLoss, sigma);
  const short = barrierLabels(candles, horizon, stopLoss, profitTake, sigma);
  const label = new Float64Array(n).fill(NaN);
  const t1 = new Float64Array(n).fill(NaN);
  const barrier = new Float64Array(n).fill(NaN);
  const ret = new Float64Array(n).fill(NaN);
  for (let t = 0; t < n; t++) {
    const s = side[t]!;
    if (s === 0) continue;
    const src = s === 1 ? long : short;
    if (Number.isNaN(src.label[t]!)) continue;
    const r = s * src.ret[t]!;
    label[t] = r > 0 ? 1 : 0;
    t1[t] = src.t1[t]!;
    barrier[t] = s * src.barrier[t]!;
    ret[t] = r;
  }
  return { label, t1, barrier, ret };
}
