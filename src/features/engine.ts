import { assertCandle, assertCandles } from '../core/candles.js';
import { InternalError, InvalidParameterError } from '../core/errors.js';
import { CANDLE_FIELDS, type Candle, type Candles, type Matrix } from '../core/types.js';
import { restoreStreamState, type BaseStream } from '../core/stream.js';
import { peerColumn } from './columns.js';
import { runFormula } from './formula.js';
import type { ColumnKey, FeatureDef, FeatureFrame, FeatureStream, Kernel, KernelStream, SerializedFeatureStream } from './types.js';

/**
 * The kernels needed by `defs`, each once (by key), dependencies first: the order in which batch and streaming run
 * them.
 *
 * @example
 * ```ts
 * planKernels(defs).map((k) => k.key) // e.g. ['EMA(12)', 'EMA(26)', 'MACD(12,26,9)']
 * ```
 */
export function planKernels(defs: readonly FeatureDef[]): Kernel[] {
  const order: Kernel[] = [];
  const seen = new Set<string>();
  const visit = (k: Kernel): void => {
    if (seen.has(k.key)) return;
    seen.add(k.key);
    for (const d of k.deps) visit(d);
    order.push(k);
  };
  for (const d of defs) for (const k of d.kernels) visit(k);
  return order;
}

function checkCandles(candles: Candles, label: string): void {
  for (const f of CANDLE_FIELDS) {
    if (!(candles?.[f] instanceof Float64Array)) throw new InvalidParameterError(`${label}.${f}`, 'expected a Float64Array');
  }
  assertCandles(candles);
}

/**
 * Computes `defs` over full candle columns: each kernel once, then each feature's formula row by row.
 * `peers` are other symbols' candles on exactly the same time grid (align them first with the synthetic module).
 * Throws `InvalidParameterError` for candles or peers that are not valid columnar candles on the same times, or a
 * peer a feature needs but was not given.
 *
 * @example
 * ```ts
 * computeWith(featureDefsFor(FEATURE_DEFS, ['rsi_14'], undefined), candles).column('rsi_14') // Float64Array
 * ```
 */
export function computeWith(defs: readonly FeatureDef[], candles: Candles, peers: Readonly<Record<string, Candles>> = {}): FeatureFrame {
  checkCandles(candles, 'candles');
  const n = candles.time.length;
  const columns = new Map<ColumnKey, Float64Array>(CANDLE_FIELDS.map((f) => [f, candles[f]]));
  for (const [symbol, peer] of Object.entries(peers)) {
    checkCandles(peer, `peers.${symbol}`);
    const t = peer.time;
    let aligned = t.length === n;
    for (let i = 0; aligned && i < n; i++) aligned = t[i] === candles.time[i];
    if (!aligned) throw new InvalidParameterError(`peers.${symbol}`, 'times differ from the candles: align the symbols first (alignCandles)');
    for (const f of CANDLE_FIELDS) columns.set(peerColumn(symbol, f), peer[f]);
  }
  for (const k of planKernels(defs)) {
    const outs = k.batch(k.inputs.map((c) => column(columns, c, k.key)), n);
    k.outputs.forEach((o, j) => columns.set(`${k.key}#${o}`, outs[j]!));
  }
  const out = defs.map((d) => {
    const cols = d.columns.map((c) => column(columns, c, d.name));
    const formula = d.formula;
    if (formula === undefined) return cols[0]!;
    const values = new Float64Array(n);
    runFormula(formula, cols, values, n);
    return values;
  });
  return frameOf(candles.time, defs.map((d) => d.name), out);
}

function column(columns: Map<ColumnKey, Float64Array>, key: ColumnKey, user: string): Float64Array {
  const c = columns.get(key);
  if (c === undefined) {
    if (key.startsWith('peer:')) throw new InvalidParameterError('peers', `${user} needs peer ${key.split(':')[1]}; pass its candles in peers`);
    throw new InternalError(`${user} reads column ${key}, which no kernel before it produces`);
  }
  return c;
}

/**
 * A {@link FeatureFrame} over computed columns: `column(name)` by name, `toMatrix(names)` as a row-major matrix.
 * Throws `InvalidParameterError` (parameter 'name') for a name not in the frame.
 *
 * @example
 * ```ts
 * frameOf(Float64Array.of(0, 900_000), ['a'], [Float64Array.of(1, 2)]).toMatrix().data // => Float64Array [1, 2]
 * ```
 */
export function frameOf(time: Float64Array, names: readonly string[], columns: readonly Float64Array[]): FeatureFrame {
  const index = new Map(names.map((n, j) => [n, j]));
  return {
    time,
    names,
    columns,
    column(name: string): Float64Array {
      const j = index.get(name);
      if (j === undefined) throw new InvalidParameterError('name', `feature ${JSON.stringify(name)} is not in this frame`);
      return columns[j]!;
    },
    toMatrix(select: readonly string[] = names): Matrix {
      const picked = select.map((name) => this.column(name));
      const rows = time.length;
      const cols = picked.length;
      const data = new Float64Array(rows * cols);
      for (let c = 0; c < cols; c++) {
        const src = picked[c]!;
        for (let r = 0; r < rows; r++) data[r * cols + c] = src[r]!;
      }
      return { rows, cols, data };
    },
  };
}

/**
 * Streams `defs` one candle at a time. Each kernel's current outputs live in a small buffer; features read
 * one-value views of those buffers through the same formulas as batch, so values are bit-identical to batch.
 */
export class FeatureStreamEngine implements FeatureStream {
  readonly names: readonly string[];
  private readonly kernels: Kernel[];
  private readonly streams: KernelStream[];
  private readonly kernelInputs: Float64Array[];
  private readonly kernelOutputs: Float64Array[];
  private readonly inputViews: Float64Array[][];
  private readonly candle: Float64Array;
  private readonly featureCols: Float64Array[][];
  private readonly values: Float64Array;
  /** Candles committed so far, and the open time of the last one (NaN before the first). */
  private committed = 0;
  private lastTime = NaN;

  /**
   * @param defs the features, in output order.
   * @param peers symbols whose candles `next`/`peek` receive alongside the main candle (cross-asset features).
   */
  constructor(
    private readonly defs: readonly FeatureDef[],
    private readonly peers: readonly string[] = [],
  ) {
    this.names = defs.map((d) => d.name);
    this.kernels = planKernels(defs);
    this.streams = this.kernels.map((k) => k.stream());
    const width = CANDLE_FIELDS.length;
    this.candle = new Float64Array(width * (1 + peers.length));
    const views = new Map<ColumnKey, Float64Array>(CANDLE_FIELDS.map((f, j) => [f, this.candle.subarray(j, j + 1)]));
    peers.forEach((symbol, p) => {
      CANDLE_FIELDS.forEach((f, j) => views.set(peerColumn(symbol, f), this.candle.subarray(width * (p + 1) + j, width * (p + 1) + j + 1)));
    });
    this.kernelInputs = [];
    this.kernelOutputs = [];
    this.inputViews = [];
    for (const k of this.kernels) {
      this.inputViews.push(k.inputs.map((c) => column(views, c, k.key)));
      this.kernelInputs.push(new Float64Array(k.inputs.length));
      const out = new Float64Array(k.outputs.length);
      this.kernelOutputs.push(out);
      k.outputs.forEach((o, j) => views.set(`${k.key}#${o}`, out.subarray(j, j + 1)));
    }
    this.featureCols = defs.map((d) => d.columns.map((c) => column(views, c, d.name)));
    this.values = new Float64Array(defs.length);
  }

  next(c: Candle, peers?: Readonly<Record<string, Candle>>): Float64Array {
    return this.step(c, peers, true);
  }

  peek(c: Candle, peers?: Readonly<Record<string, Candle>>): Float64Array {
    return this.step(c, peers, false);
  }

  fromHistory(candles: Candles, peers: Readonly<Record<string, Candles>> = {}): this {
    const c = emptyCandle();
    const row: Record<string, Candle> = Object.fromEntries(this.peers.map((s) => [s, emptyCandle()]));
    for (let i = 0; i < candles.time.length; i++) {
      read(candles, i, c);
      for (const s of this.peers) {
        const p = peers[s];
        if (p === undefined) throw new InvalidParameterError(`peers.${s}`, 'missing peer history');
        read(p, i, row[s]!);
      }
      this.step(c, row, true);
    }
    return this;
  }

  toJSON(): SerializedFeatureStream {
    const kernels: SerializedFeatureStream['kernels'] = {};
    this.kernels.forEach((k, j) => (kernels[k.key] = this.streams[j]!.toJSON()));
    return { features: this.names, peers: this.peers, committed: this.committed, lastTime: this.committed > 0 ? this.lastTime : null, kernels };
  }

  /** Writes a state produced by {@link FeatureStreamEngine.toJSON} of a stream with the same features. */
  restore(json: SerializedFeatureStream): this {
    if (!Number.isInteger(json?.committed) || (json.lastTime !== null && typeof json.lastTime !== 'number')) {
      throw new InvalidParameterError('state', 'expected the output of FeatureStream.toJSON()');
    }
    this.committed = json.committed;
    this.lastTime = json.lastTime ?? NaN;
    this.kernels.forEach((k, j) => {
      const state = json.kernels?.[k.key];
      if (state === undefined) throw new InvalidParameterError('state', `missing state of kernel ${k.key}`);
      restoreStreamState(this.streams[j] as unknown as BaseStream<never[], unknown>, state);
    });
    return this;
  }

  private step(c: Candle, peers: Readonly<Record<string, Candle>> | undefined, commit: boolean): Float64Array {
    assertCandle(c, this.committed, this.lastTime);
    for (let p = 0; p < this.peers.length; p++) {
      const symbol = this.peers[p]!;
      const peer = peers?.[symbol];
      if (peer === undefined) throw new InvalidParameterError(`peers.${symbol}`, `missing the ${symbol} candle of row ${this.committed}`);
      if (peer.time !== c.time) throw new InvalidParameterError(`peers.${symbol}`, `time ${peer.time} differs from the candle's ${c.time} at row ${this.committed}`);
      assertCandle(peer, this.committed, this.lastTime);
    }
    if (commit) {
      this.committed++;
      this.lastTime = c.time;
    }
    const candle = this.candle;
    write(candle, 0, c);
    for (let p = 0; p < this.peers.length; p++) write(candle, CANDLE_FIELDS.length * (p + 1), peers![this.peers[p]!]!);
    for (let k = 0; k < this.streams.length; k++) {
      const ins = this.kernelInputs[k]!;
      const views = this.inputViews[k]!;
      for (let j = 0; j < views.length; j++) ins[j] = views[j]![0]!;
      if (commit) this.streams[k]!.next(ins, this.kernelOutputs[k]!);
      else this.streams[k]!.peek(ins, this.kernelOutputs[k]!);
    }
    const defs = this.defs;
    for (let f = 0; f < defs.length; f++) {
      const formula = defs[f]!.formula;
      const cols = this.featureCols[f]!;
      this.values[f] = formula === undefined ? cols[0]![0]! : formula(cols, 0);
    }
    return this.values;
  }
}

/** Writes `c` into `buffer` from `at` on, in CANDLE_FIELDS order. */
function write(buffer: Float64Array, at: number, c: Candle): void {
  buffer[at] = c.time;
  buffer[at + 1] = c.open;
  buffer[at + 2] = c.high;
  buffer[at + 3] = c.low;
  buffer[at + 4] = c.close;
  buffer[at + 5] = c.volume;
}

function emptyCandle(): Candle {
  return { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
}

function read(candles: Candles, i: number, into: Candle): void {
  into.time = candles.time[i]!;
  into.open = candles.open[i]!;
  into.high = candles.high[i]!;
  into.low = candles.low[i]!;
  into.close = candles.close[i]!;
  into.volume = candles.volume[i]!;
}
