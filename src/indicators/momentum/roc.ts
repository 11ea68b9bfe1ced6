import { defineIndicator } from '../define.js';
import { ChangeStream, changeMeta, rateOfChange } from '../kernels/rate-of-change.js';

/** Metadata of {@link roc}. */
export const rocMeta = changeMeta('ROC', 'Rate of change in percent: (x / prev - 1) * 100');

/**
 * Rate of change, exactly as TA-Lib's `TA_ROC`: ROC_t = (x_t / x_{t-n} - 1) * 100, and 0 where x_{t-n} is exactly 0.
 * First value at index n. A NaN input gives NaN at its own bar and n bars later.
 *
 * Reference: TA-Lib `ta_ROC.c`.
 *
 * @example
 * ```ts
 * roc(new Float64Array([100, 110]), 1) // [NaN, 10.000000000000009]
 * ```
 */
export function roc(real: Float64Array, period = 10): Float64Array {
  return rateOfChange(rocMeta, real, period);
}

/** Streaming {@link roc}: a ring of the last `period` values. */
export class RocStream extends ChangeStream {
  constructor(period = 10) {
    super(rocMeta, period);
  }
}

/** ROC as a uniform {@link IndicatorDefinition}. */
export const ROC = defineIndicator(rocMeta, ([real], p) => roc(real!, p.period), (p) => new RocStream(p.period));
