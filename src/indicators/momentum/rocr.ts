import { defineIndicator } from '../define.js';
import { ChangeStream, changeMeta, rateOfChange } from '../kernels/rate-of-change.js';

/** Metadata of {@link rocr}. */
export const rocrMeta = changeMeta('ROCR', 'Rate of change ratio: x / prev');

/**
 * Rate of change ratio, exactly as TA-Lib's `TA_ROCR`: ROCR_t = x_t / x_{t-n}, and 0 where x_{t-n} is exactly 0.
 * First value at index n. A NaN input gives NaN at its own bar and n bars later.
 *
 * Reference: TA-Lib `ta_ROCR.c`.
 *
 * @example
 * ```ts
 * rocr(new Float64Array([100, 110]), 1) // [NaN, 1.1]
 * ```
 */
export function rocr(real: Float64Array, period = 10): Float64Array {
  return rateOfChange(rocrMeta, real, period);
}

/** Streaming {@link rocr}: a ring of the last `period` values. */
export class RocrStream extends ChangeStream {
  constructor(period = 10) {
    super(rocrMeta, period);
  }
}

/** ROCR as a uniform {@link IndicatorDefinition}. */
export const ROCR = defineIndicator(rocrMeta, ([real], p) => rocr(real!, p.period), (p) => new RocrStream(p.period));
