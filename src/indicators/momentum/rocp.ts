import { defineIndicator } from '../define.js';
import { ChangeStream, changeMeta, rateOfChange } from '../kernels/rate-of-change.js';

/** Metadata of {@link rocp}. */
export const rocpMeta = changeMeta('ROCP', 'Rate of change as a fraction: (x - prev) / prev');

/**
 * Rate of change as a fraction, exactly as TA-Lib's `TA_ROCP`: ROCP_t = (x_t - x_{t-n}) / x_{t-n}, and 0 where
 * x_{t-n} is exactly 0. First value at index n. A NaN input gives NaN at its own bar and n bars later.
 *
 * Reference: TA-Lib `ta_ROCP.c`.
 *
 * @example
 * ```ts
 * rocp(new Float64Array([100, 110]), 1) // [NaN, 0.1]
 * ```
 */
export function rocp(real: Float64Array, period = 10): Float64Array {
  return rateOfChange(rocpMeta, real, period);
}

/** Streaming {@link rocp}: a ring of the last `period` values. */
export class RocpStream extends ChangeStream {
  constructor(period = 10) {
    super(rocpMeta, period);
  }
}

/** ROCP as a uniform {@link IndicatorDefinition}. */
export const ROCP = defineIndicator(rocpMeta, ([real], p) => rocp(real!, p.period), (p) => new RocpStream(p.period));
