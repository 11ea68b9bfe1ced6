import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from '../kernels/linear-regression.js';

/** Metadata of {@link linearRegAngle}. */
export const linearRegAngleMeta: IndicatorMeta = linRegMeta('LINEARREG_ANGLE', 'Linear regression angle, in degrees');

/**
 * Linear regression angle, exactly as TA-Lib's `TA_LINEARREG_ANGLE`: the angle of the least-squares line fitted to the last
 * `period` values, in degrees: LINEARREG_ANGLE = atan(m) * 180 / PI, with the slope per bar m as in
 * {@link linRegAt} and TA-Lib's PI constant.
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_LINEARREG_ANGLE.c` (ordinary least squares).
 *
 * @example
 * ```ts
 * linearRegAngle(new Float64Array([1, 2, 3]), 3) // [NaN, NaN, 45]
 * ```
 */
export function linearRegAngle(real: Float64Array, period = 14): Float64Array {
  return linRegSeries(linearRegAngleMeta, real, period, LinRegOutput.angle);
}

/** Streaming {@link linearRegAngle}: the last `period` values in a ring buffer, the same per-window sums as batch. */
export class LinearRegAngleStream extends LinRegStreamBase {
  constructor(period = 14) {
    super(linearRegAngleMeta, LinRegOutput.angle, period);
  }
}

/** LINEARREG_ANGLE as a uniform {@link IndicatorDefinition}. */
export const LINEARREG_ANGLE = defineIndicator(linearRegAngleMeta, ([real], p) => linearRegAngle(real!, p.period), (p) => new LinearRegAngleStream(p.period));
