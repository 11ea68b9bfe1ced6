import { defineIndicator } from '../define.js';
import { ChangeStream, changeMeta, rateOfChange } from '../kernels/rate-of-change.js';

/** Metadata of {@link mom}. */
export const momMeta = changeMeta('MOM', 'Momentum: the change over n bars');

/**
 * Momentum, exactly as TA-Lib's `TA_MOM`: MOM_t = x_t - x_{t-n}. First value at index n.
 * A NaN input gives NaN at its own bar and n bars later.
 *
 * Reference: TA-Lib `ta_MOM.c`.
 *
 * @example
 * ```ts
 * mom(new Float64Array([1, 2, 4, 7]), 2) // [NaN, NaN, 3, 5]
 * ```
 */
export function mom(real: Float64Array, period = 10): Float64Array {
  return rateOfChange(momMeta, real, period);
}

/** Streaming {@link mom}: a ring of the last `period` values. */
export class MomStream extends ChangeStream {
  constructor(period = 10) {
    super(momMeta, period);
  }
}

/** MOM as a uniform {@link IndicatorDefinition}. */
export const MOM = defineIndicator(momMeta, ([real], p) => mom(real!, p.period), (p) => new MomStream(p.period));
