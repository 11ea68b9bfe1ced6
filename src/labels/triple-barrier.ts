import type { Candles } from '../core/types.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkInteger, checkNumber, checkPrices } from './checks.js';
import { rollingVolatility } from './volatility.js';

/** Options of {@link tripleBarrierLabels}. */
export interface TripleBarrierOptions {
  /** Vertical barrier: candles after t (h >= 1). */
  horizon: number;
  /** Profit-take barrier at close[t] * (1 + profitTake * sigma[t]); 0 disables it. */
  profitTake: number;
  /** Stop-loss barrier at close[t] * (1 - stopLoss * sigma[t]); 0 disables it. */
  stopLoss: number;
  /** Volatility per candle (a return scale, e.g. {@link rollingVolatility}), or the window for the default estimate. Default window 96. */
  volatility?: Float64Array | number;
}

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
 * close[t](1 + pt sigma_t), a lower barrier close[t](1 - sl sigma_t) and a vertical barrier h candles later.
 * Touches are detected on the highs and lows of candles t+1 .. t+h; when one candle touches both, the lower
 * barrier is taken first (for a long, the conservative stop-loss-first rule: the order inside a candle is unknown). Only candles <= t1 are used.
 * Cost O(n h) at worst.
 *
 * @example
 * ```ts
 * const tb = tripleBarrierLabels(candles, { horizon: 16, profitTake: 2, stopLoss: 1 })
 * ```
 */
export function tripleBarrierLabels(candles: Candles, options: TripleBarrierOptions): TripleBarrierLabels {
  const { horizon: h, profitTake: pt, stopLoss: sl } = options;
  checkInteger('horizon', h, 1);
  checkNumber('profitTake', pt, 0);
  checkNumber('stopLoss', sl, 0);
  checkPrices('close', candles.close);
  const n = candles.close.length;
  const vol = options.volatility ?? 96;
  const sigma = typeof vol === 'number' ? rollingVolatility(candles.close, vol) : vol;
  if (!(sigma instanceof Float64Array) || sigma.length !== n) throw new InvalidParameterError('volatility', `expected a Float64Array of length ${n} or a window`);
  const { high, low, close } = candles;
  const label = new Float64Array(n).fill(NaN);
  const t1 = new Float64Array(n).fill(NaN);
  const barrier = new Float64Array(n).fill(NaN);
  const ret = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const s = sigma[t]!;
    if (!(s >= 0) || s === Infinity) continue;
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
 * positive return, else 0; NaN where the side is 0 or no label exists.
 *
 * @example
 * ```ts
 * const meta = metaLabels(side, candles, { horizon: 16, profitTake: 2, stopLoss: 1 })
 * ```
 */
export function metaLabels(side: Float64Array, candles: Candles, options: TripleBarrierOptions): TripleBarrierLabels {
  const n = candles.close.length;
  if (!(side instanceof Float64Array) || side.length !== n) throw new InvalidParameterError('side', `expected a Float64Array of length ${n}`);
  for (let i = 0; i < n; i++) {
    const s = side[i]!;
    if (s !== 1 && s !== -1 && s !== 0) throw new InvalidParameterError(`side[${i}]`, `must be 1, -1 or 0, got ${s}`);
  }
  const long = tripleBarrierLabels(candles, options);
  const short = tripleBarrierLabels(candles, { ...options, profitTake: options.stopLoss, stopLoss: options.profitTake });
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
