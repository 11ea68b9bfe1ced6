import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from '../kernels/linear-regression.js';

/** Metadata of {@link tsf}. */
export const tsfMeta: IndicatorMeta = linRegMeta('TSF', 'Time series forecast: least-squares line extended one bar ahead');

/**
 * Time series forecast, exactly as TA-Lib's `TA_TSF`: the least-squares line fitted to the last `period` values,
 * extrapolated one bar past the newest: TSF = b + m n, with slope m and intercept b as in {@link linRegAt}.
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_TSF.c` (ordinary least squares).
 *
 * @example
 * ```ts
 * tsf(new Float64Array([1, 2, 3, 5]), 3) // [NaN, NaN, 4, 6.333333333333333]
 * ```
 */
export function tsf(real: Float64Array, period = 14): Float64Array {
  return linRegSeries(tsfMeta, real, period, LinRegOutput.forecast);
}

/** Streaming {@link tsf}: the last `period` values in a ring buffer, the same per-window sums as batch. */
export class TsfStream extends LinRegStreamBase {
  constructor(period = 14) {
    super(tsfMeta, LinRegOutput.forecast, period);
  }
}

/** TSF as a uniform {@link IndicatorDefinition}. */
export const TSF = defineIndicator(tsfMeta, ([real], p) => tsf(real!, p.period), (p) => new TsfStream(p.period));
