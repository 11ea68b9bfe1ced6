import { BaseStream, type StateRules } from '../../core/stream.js';
import { checkWindow } from '../../synthetic/inputs.js';
import { CoMomentsStream, ZScoreStream, type MomentWindowStream } from '../../synthetic/moments.js';
import { checkColumns } from '../columns.js';
import type { ColumnKey, Kernel } from '../types.js';
import { POSITIVE_OR_NAN } from './rules.js';

// The kernels of the cross-asset (syn_*) features. Their streams keep the 'synthetic:' names of their serialized
// states, which live in stored feature streams.

/**
 * One-candle log return of a column: r_t = ln(x_t / x_{t-1}), NaN at t = 0. Exactly 0 when x_t = x_{t-1}
 * (flat or carried candles).
 *
 * @example
 * ```ts
 * logReturnKernel(peerColumn('BTC', 'close')) // the BTC log return, read from the peer columns
 * ```
 */
export function logReturnKernel(column: ColumnKey): Kernel {
  checkColumns([column], 'column', []);
  return {
    key: `logret(${column})`,
    inputs: [column],
    deps: [],
    outputs: ['value'],
    batch([x], n) {
      const out = new Float64Array(n);
      out[0] = NaN;
      for (let i = 1; i < n; i++) out[i] = Math.log(x![i]! / x![i - 1]!);
      return [out];
    },
    stream: () => new LogReturnStream(),
  };
}

class LogReturnStream extends BaseStream<[Float64Array, Float64Array], void> {
  private last = NaN;

  constructor() {
    super('synthetic:logret', []);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const x = inputs[0]!;
    out[0] = Math.log(x / this.last);
    this.last = x;
  }

  /** The last value is a price (> 0), or NaN before the first. */
  protected override stateRules(): StateRules {
    return { last: POSITIVE_OR_NAN };
  }
}

/**
 * Log-price spread of two columns: d_t = ln(a_t) - ln(b_t) (so the spread of b to a is exactly -d_t).
 *
 * @example
 * ```ts
 * logSpreadKernel('close', peerColumn('BTC', 'close')) // ln(close) - ln(BTC close)
 * ```
 */
export function logSpreadKernel(a: ColumnKey, b: ColumnKey): Kernel {
  checkColumns([a, b], 'columns', []);
  return {
    key: `logspread(${a},${b})`,
    inputs: [a, b],
    deps: [],
    outputs: ['value'],
    batch([x, y], n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.log(x![i]!) - Math.log(y![i]!);
      return [out];
    },
    stream: () => new LogSpreadStream(),
  };
}

class LogSpreadStream extends BaseStream<[Float64Array, Float64Array], void> {
  constructor() {
    super('synthetic:logspread', []);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    out[0] = Math.log(inputs[0]!) - Math.log(inputs[1]!);
  }

  override peek(inputs: Float64Array, out: Float64Array): void {
    this.next(inputs, out);
  }
}

/**
 * The kernels' rolling-moment streams: `next` without the input checks, since the engine feeds them log returns and
 * spreads it computed itself from validated candles. Their serialized states are those of the public streams.
 */
class CoMomentsKernelStream extends CoMomentsStream {
  override next(inputs: Float64Array, out: Float64Array): void {
    this.update(inputs, out);
  }
}

class ZScoreKernelStream extends ZScoreStream {
  override next(inputs: Float64Array, out: Float64Array): void {
    this.update(inputs, out);
  }
}

/** Runs a kernel stream over whole input columns: the batch form of kernels whose stream is the definition. */
function runStream(stream: MomentWindowStream, inputs: readonly Float64Array[], outputs: number, n: number): Float64Array[] {
  const ins = new Float64Array(inputs.length);
  const o = new Float64Array(outputs);
  const out = Array.from({ length: outputs }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < inputs.length; j++) ins[j] = inputs[j]![i]!;
    stream.update(ins, o);
    for (let j = 0; j < outputs; j++) out[j]![i] = o[j]!;
  }
  return out;
}

/**
 * Rolling Pearson correlation and beta of column `x` on column `y` over `window` rows (outputs `correlation` and
 * `beta`), by {@link CoMomentsStream}: O(1) recentered updates, NaN on constant windows. Batch runs the same stream
 * class over the columns, so batch and streaming are bit-identical by construction.
 *
 * @example
 * ```ts
 * const rx = logReturnKernel('close'), ry = logReturnKernel(peerColumn('BTC', 'close'))
 * coMomentsKernel(col(rx), col(ry), 20, [rx, ry]) // #correlation, #beta
 * ```
 */
export function coMomentsKernel(x: ColumnKey, y: ColumnKey, window: number, deps: readonly Kernel[] = []): Kernel {
  checkColumns([x, y], 'columns', deps);
  checkWindow(window);
  return {
    key: `comoments(${x},${y},${window})`,
    inputs: [x, y],
    deps,
    outputs: ['correlation', 'beta'],
    batch: (ins, n) => runStream(new CoMomentsStream(window), ins, 2, n),
    stream: () => new CoMomentsKernelStream(window),
  };
}

/**
 * Rolling z-score of a column over `window` rows, by {@link ZScoreStream} (NaN on a constant window); batch runs the
 * same stream class.
 *
 * @example
 * ```ts
 * const d = logSpreadKernel('close', peerColumn('BTC', 'close'))
 * zScoreKernel(col(d), 100, [d])
 * ```
 */
export function zScoreKernel(column: ColumnKey, window: number, deps: readonly Kernel[] = []): Kernel {
  checkColumns([column], 'column', deps);
  checkWindow(window);
  return {
    key: `zscore(${column},${window})`,
    inputs: [column],
    deps,
    outputs: ['value'],
    batch: (ins, n) => runStream(new ZScoreStream(window), ins, 1, n),
    stream: () => new ZScoreKernelStream(window),
  };
}
