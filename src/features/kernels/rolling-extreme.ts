import { ANY_NUMBER, BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkWindow } from '../../synthetic/inputs.js';
import { checkColumns } from '../columns.js';
import type { ColumnKey, Kernel } from '../types.js';

/**
 * Rolling maximum or minimum of a column over the last `period` rows including the current one
 * (NaN for the first `period - 1` rows). The extreme's index is tracked and the window rescanned only when
 * it leaves, as TA-Lib's MAX/MIN do.
 *
 * @example
 * ```ts
 * rollingExtremeKernel('high', 96, 'max') // highest high of the last day of 15m candles
 * ```
 */
export function rollingExtremeKernel(column: ColumnKey, period: number, kind: 'max' | 'min', deps: readonly Kernel[] = []): Kernel {
  checkColumns([column], 'column', deps);
  checkWindow(period, 'period', 1);
  if (kind !== 'max' && kind !== 'min') throw new InvalidParameterError('kind', `expected 'max' or 'min', got ${describeValue(kind)}`);
  const sign = kind === 'max' ? 1 : -1;
  return {
    key: `${kind}(${column},${period})`,
    inputs: [column],
    deps,
    outputs: ['value'],
    batch([src], n) {
      const out = new Float64Array(n).fill(NaN);
      let at = -1;
      for (let i = period - 1; i < n; i++) {
        const start = i - period + 1;
        if (at < start) {
          at = start;
          for (let j = start + 1; j <= i; j++) if (sign * src![j]! >= sign * src![at]!) at = j;
        } else if (sign * src![i]! >= sign * src![at]!) at = i;
        out[i] = src![at]!;
      }
      return [out];
    },
    stream: () => new RollingExtremeStream(period, sign),
  };
}

class RollingExtremeStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly window: Float64Array;
  private count = 0;
  /** Absolute index of the current extreme, or -1 before the first full window. */
  private at = -1;

  constructor(
    private readonly period: number,
    private readonly sign: number,
  ) {
    super('kernel:extreme', [period, sign]);
    this.window = new Float64Array(period);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const { period, sign, window } = this;
    const i = this.count++;
    window[i % period] = inputs[0]!;
    if (i < period - 1) {
      out[0] = NaN;
      return;
    }
    const start = i - period + 1;
    if (this.at < start) {
      this.at = start;
      for (let j = start + 1; j <= i; j++) if (sign * window[j % period]! >= sign * window[this.at % period]!) this.at = j;
    } else if (sign * window[i % period]! >= sign * window[this.at % period]!) this.at = i;
    out[0] = window[this.at % period]!;
  }

  /**
   * The configuration fixed; the extreme's index -1 before the first full window, then inside the current window
   * (so the value given is always one of the window's); any values.
   */
  protected override stateRules(): StateRules {
    const period = this.window.length; // from the window (a restore has checked its length), not the field being checked
    const { count } = this;
    return {
      ...fixed('period', 'sign'),
      count: int(0, Number.MAX_SAFE_INTEGER),
      at: count < period ? int(-1, -1) : int(count - period, count - 1),
      window: ANY_NUMBER,
    };
  }
}
