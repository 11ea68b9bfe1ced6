import { defineIndicator } from '../define.js';
import { ChangeStream, changeMeta, rateOfChange } from '../kernels/rate-of-change.js';

/** Metadata of {@link rocr100}. */
export const rocr100Meta = changeMeta('ROCR100', 'Rate of change ratio on a 100 scale: (x / prev) * 100');

/**
 * Rate of change ratio on a 100 scale, exactly as TA-Lib's `TA_ROCR100`: ROCR100_t = (x_t / x_{t-n}) * 100, and 0
 * where x_{t-n} is exactly 0. First value at index n. A NaN input gives NaN at its own bar and n bars later.
 *
 * Reference: TA-Lib `ta_ROCR100.c`.
 *
 * @example
 * ```ts
 * rocr100(new Float64Array([100, 110]), 1) // [NaN, 110.00000000000001]
 * ```
 */
export function rocr100(real: Float64Array, period = 10): Float64Array {
  return rateOfChange(rocr100Meta, real, period);
}

/** Streaming {@link rocr100}: a ring of the last `period` values. */
export class Rocr100Stream extends ChangeStream {
  constructor(period = 10) {
    super(rocr100Meta, period);
  }
}

/** ROCR100 as a uniform {@link IndicatorDefinition}. */
export const ROCR100 = defineIndicator(rocr100Meta, ([real], p) => rocr100(real!, p.period), (p) => new Rocr100Stream(p.period));
