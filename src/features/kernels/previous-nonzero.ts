import { BaseStream, type StateRules } from '../../core/stream.js';
import type { ColumnKey, Kernel } from '../types.js';
import { FINITE_OR_NAN } from './rules.js';

/**
 * The last non-zero value of a column strictly before the current row: NaN on the first row (lookback 1), 0 while
 * every earlier value is 0. Where the previous value is non-zero it is that value (a lag of 1), so for volume it
 * is "the volume of the last candle that traded".
 *
 * Formula: p_0 = NaN; p_t = x_{t-1} if x_{t-1} ≠ 0, else p_{t-1} (with p_0 read as 0 from row 1 on).
 *
 * @example
 * ```ts
 * previousNonZeroKernel('volume').batch([Float64Array.of(10, 0, 0, 12)], 4) // => [Float64Array [NaN, 10, 10, 10]]
 * ```
 */
export function previousNonZeroKernel(column: ColumnKey): Kernel {
  return {
    key: `previous_nonzero(${column})`,
    inputs: [column],
    deps: [],
    outputs: ['value'],
    batch([src], n) {
      const out = new Float64Array(n);
      let last = NaN;
      for (let i = 0; i < n; i++) {
        out[i] = last;
        last = step(last, src![i]!);
      }
      return [out];
    },
    stream: () => new PreviousNonZeroStream(),
  };
}

/** The last non-zero value once `x` is seen, `last` being the one before it (NaN: nothing seen yet). */
function step(last: number, x: number): number {
  return x !== 0 ? x : last === last ? last : 0;
}

class PreviousNonZeroStream extends BaseStream<[Float64Array, Float64Array], void> {
  private last = NaN;

  constructor() {
    super('kernel:previous_nonzero', []);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    out[0] = this.last;
    this.last = step(this.last, inputs[0]!);
  }

  /** The last non-zero value is a value of the column (finite), or NaN before the first. */
  protected override stateRules(): StateRules {
    return { last: FINITE_OR_NAN };
  }
}
