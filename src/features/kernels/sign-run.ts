import { BaseStream, int, type StateRules } from '../../core/stream.js';
import type { ColumnKey, Kernel } from '../types.js';

/**
 * Signed run length of the sign of `a - b`: +k after k consecutive rows with a > b, -k after k consecutive rows
 * with a < b, and 0 on a row where a = b (or either is NaN), which also ends the run. Defined from the first row.
 *
 * Formula: s_t = sign(a_t - b_t); run_t = 0 if s_t = 0, run_{t-1} + s_t if sign(run_{t-1}) = s_t, else s_t.
 *
 * @example
 * ```ts
 * signRunKernel('close', 'open') // closes above / below the open: 1, 2, 3, -1, -2, 0, 1, ...
 * ```
 */
export function signRunKernel(a: ColumnKey, b: ColumnKey, deps: readonly Kernel[] = []): Kernel {
  return {
    key: `sign_run(${a},${b})`,
    inputs: [a, b],
    deps,
    outputs: ['value'],
    batch([x, y], n) {
      const out = new Float64Array(n);
      let run = 0;
      for (let i = 0; i < n; i++) {
        run = extendRun(run, x![i]!, y![i]!);
        out[i] = run;
      }
      return [out];
    },
    stream: () => new SignRunStream(),
  };
}

/** The run after one more row: see {@link signRunKernel}. */
function extendRun(run: number, a: number, b: number): number {
  if (a > b) return run > 0 ? run + 1 : 1;
  if (a < b) return run < 0 ? run - 1 : -1;
  return 0;
}

class SignRunStream extends BaseStream<[Float64Array, Float64Array], void> {
  private run = 0;

  constructor() {
    super('kernel:sign_run', []);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    this.run = extendRun(this.run, inputs[0]!, inputs[1]!);
    out[0] = this.run;
  }

  /** A run is a whole number of rows, either sign. */
  protected override stateRules(): StateRules {
    return { run: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) };
  }
}
