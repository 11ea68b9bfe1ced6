import { ANY_NUMBER, BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { ringHead } from '../../indicators/state.js';
import { checkWindow } from '../../synthetic/inputs.js';
import { checkColumns } from '../columns.js';
import type { ColumnKey, Kernel } from '../types.js';

/**
 * The value of a column `periods` candles ago (NaN for the first `periods` rows).
 *
 * @example
 * ```ts
 * lagKernel('close', 24) // close[t - 24]
 * ```
 */
export function lagKernel(column: ColumnKey, periods: number, deps: readonly Kernel[] = []): Kernel {
  checkColumns([column], 'column', deps);
  checkWindow(periods, 'periods', 1);
  return {
    key: `lag(${column},${periods})`,
    inputs: [column],
    deps,
    outputs: ['value'],
    batch([src], n) {
      const out = new Float64Array(n).fill(NaN);
      for (let i = periods; i < n; i++) out[i] = src![i - periods]!;
      return [out];
    },
    stream: () => new LagStream(periods),
  };
}

class LagStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;

  constructor(private readonly periods: number) {
    super('kernel:lag', [periods]);
    this.ring = new Float64Array(periods + 1);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const size = this.periods + 1;
    this.ring[this.head] = inputs[0]!;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.count < this.periods) {
      this.count++;
      out[0] = NaN;
      return;
    }
    out[0] = this.ring[this.head]!;
  }

  /** The lag fixed; the count and the write position in range (the ring fills from slot 0); any lagged values. */
  protected override stateRules(): StateRules {
    const periods = this.ring.length - 1; // from the ring (a restore has checked its length), not the field being checked
    return { ...fixed('periods'), count: int(0, periods), head: ringHead(this.count, periods, periods + 1), ring: ANY_NUMBER };
  }
}
