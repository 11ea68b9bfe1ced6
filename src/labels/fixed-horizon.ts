import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { describeValue } from '../core/describe.js';
import { checkInteger, checkNumber, checkPrices } from './checks.js';

/** Options of {@link fixedHorizonLabels}. */
export interface FixedHorizonOptions {
  /** Candles ahead (h >= 1). Default 1. */
  horizon?: number;
  /** |return| below this is a dead zone (default 0: only an exactly zero return). */
  deadZone?: number;
  /** Dead-zone rows: unlabeled (NaN, default) or a third class 0.5 between down (0) and up (1). */
  deadZoneAs?: 'unlabeled' | 'class';
}

/** Labels with their end index and forward return, all aligned with the input. */
export interface DirectionLabels {
  /** 1 up, 0 down, 0.5 dead zone with `deadZoneAs: 'class'`, NaN unlabeled (dead zone, or the last `horizon` rows). */
  readonly label: Float64Array;
  /** Index of the candle whose close decides the label (t + h): the label uses no data after it. NaN when unlabeled for lack of data. */
  readonly t1: Float64Array;
  /** Forward simple return close[t + h] / close[t] - 1 (NaN for the last h rows). */
  readonly ret: Float64Array;
}

/**
 * Fixed-horizon direction labels: up (1) when close[t + h] / close[t] - 1 >= deadZone (and > 0), down (0) when it is
 * <= -deadZone (and < 0), otherwise a dead zone. The last `h` candles are unlabeled (NaN, never 0). `close` must be
 * a Float64Array of finite prices > 0 (empty gives empty labels); a bad or unknown option is an
 * `InvalidParameterError`.
 *
 * @example
 * ```ts
 * const { label, t1 } = fixedHorizonLabels(Float64Array.of(100, 101, 100.5, 100.5), { horizon: 1 })
 * label // => Float64Array [1, 0, NaN, NaN] (a zero return is unlabeled; the last row has no future)
 * t1    // => Float64Array [1, 2, 3, NaN]
 * ```
 */
export function fixedHorizonLabels(close: Float64Array, options?: FixedHorizonOptions): DirectionLabels {
  const checked = checkOptions(options, ['horizon', 'deadZone', 'deadZoneAs'], 'options');
  const h = checked.horizon ?? 1;
  const dead = checked.deadZone ?? 0;
  checkInteger('horizon', h, 1);
  checkNumber('deadZone', dead, 0);
  const as = checked.deadZoneAs ?? 'unlabeled';
  if (as !== 'unlabeled' && as !== 'class') throw new InvalidParameterError('deadZoneAs', `expected 'unlabeled' or 'class', got ${describeValue(as)}`);
  checkPrices('close', close);
  const n = close.length;
  const label = new Float64Array(n).fill(NaN);
  const t1 = new Float64Array(n).fill(NaN);
  const ret = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const r = close[t + h]! / close[t]! - 1;
    ret[t] = r;
    t1[t] = t + h;
    if (r > 0 && r >= dead) label[t] = 1;
    else if (r < 0 && -r >= dead) label[t] = 0;
    else if (as === 'class') label[t] = 0.5;
  }
  return { label, t1, ret };
}
