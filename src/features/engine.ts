import { assertCandle, assertCandles } from '../core/candles.js';
import { InternalError, InvalidParameterError, StateError } from '../core/errors.js';
import { CANDLE_FIELDS, type Candle, type Candles } from '../core/types.js';
import { restoreStreamState, type BaseStream } from '../core/stream.js';
import { assertColumns } from '../core/candle-checks.js';
import { seriesPath } from '../synthetic/series-checks.js';
import { peerColumn } from './columns.js';
import { runFormula, type Formula } from './formula.js';
import { featureFrame } from './frame.js';
import { checkPeerSeries, checkRowPeers, emptySnapshot, snapshot, type CandleSnapshot } from './inputs.js';
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

/**
 * Computes `defs` over full candle columns: each kernel once, then each feature's formula row by row.
 * `peers` are other symbols' candles on exactly the same time grid (align them first with the synthetic module).
 * Throws `CandleValidationError` for candles or peers that are not valid columnar candles (a peer's issues named
 * `peers.<symbol>.<field>`), and `InvalidParameterError` for peers that are no record, a peer on other times, or a
 * peer a feature needs but was not given.
 *
 * @example
 * ```ts
 * computeWith(featureDefsFor(FEATURE_DEFS, ['rsi_14'], undefined), candles).column('rsi_14') // Float64Array
 * ```
 */
export function computeWith(defs: readonly FeatureDef[], candles: Candles, peers: Readonly<Record<string, Candles>> = {}): FeatureFrame {
  assertCandles(candles);
  checkPeerSeries(candles.time, peers);
  const n = candles.time.length;
  const columns = new Map<ColumnKey, Float64Array>(CANDLE_FIELDS.map((f) => [f, candles[f]]));
  for (const [symbol, peer] of Object.entries(peers)) {
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
  return featureFrame(candles.time, defs.map((d) => d.name), out);
}

function column(columns: Map<ColumnKey, Float64Array>, key: ColumnKey, user: string): Float64Array {
  const c = columns.get(key);
  if (c === undefined) {
    if (key.startsWith('peer:')) throw new InvalidParameterError('peers', `${user} needs peer ${seriesPath('', key.split(':')[1]!)}; pass its candles in peers`);
    throw new InternalError(`${user} reads column ${key}, which no kernel before it produces`);
  }
  return c;
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
  /**
   * Each kernel stream's `next` and `peek`, and each feature's formula, read once: calls through them skip the lookup
   * of a method on ~200 stream classes (a megamorphic load) and of `formula` on the feature definitions.
   */
  private readonly nexts: KernelStream['next'][];
  private readonly peeks: KernelStream['peek'][];
  private readonly formulas: (Formula | undefined)[];
  /** Each field of the candle and of every peer candle, read once per row (see `snapshot`). */
  private readonly own: CandleSnapshot = emptySnapshot();
  private readonly peerRows: CandleSnapshot[];
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
    this.peerRows = peers.map(emptySnapshot);
    this.kernels = planKernels(defs);
    this.streams = this.kernels.map((k) => k.stream());
    this.nexts = this.streams.map((s) => s.next);
    this.peeks = this.streams.map((s) => s.peek);
    this.formulas = defs.map((d) => d.formula);
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

  /**
   * Commits every candle of `candles` (and of each peer's series, on the same times); an empty history (columns of
   * no values) commits nothing. Everything is checked before the first candle is committed (the first time against
   * the last committed one by `next` itself), so a bad history leaves the stream unchanged.
   */
  fromHistory(candles: Candles, peers: Readonly<Record<string, Candles>> = {}): this {
    if (assertColumns(candles) === 0) return this;
    assertCandles(candles);
    checkPeerSeries(candles.time, peers, this.peers);
    const c = emptyCandle();
    const row: Record<string, Candle> = Object.fromEntries(this.peers.map((s) => [s, emptyCandle()]));
    for (let i = 0; i < candles.time.length; i++) {
      candleAt(candles, i, c);
      for (const s of this.peers) candleAt(peers[s]!, i, row[s]!);
      this.step(c, row, true);
    }
    return this;
  }

  toJSON(): SerializedFeatureStream {
    const kernels: SerializedFeatureStream['kernels'] = {};
    this.kernels.forEach((k, j) => (kernels[k.key] = this.streams[j]!.toJSON()));
    return { features: this.names, peers: this.peers, committed: this.committed, lastTime: this.committed > 0 ? this.lastTime : null, kernels };
  }

  /**
   * Writes a state produced by {@link FeatureStreamEngine.toJSON} of a stream with the same features and peers, whose
   * shape was checked (see `checkSerialized`): the state of exactly these kernels, each checked by its own restore
   * rules. Throws `StateError` naming the kernel and field; call it on a fresh stream only, and drop the stream when
   * it throws (kernels before the faulty one are already written).
   */
  restore(json: SerializedFeatureStream): this {
    const keys = new Set(this.kernels.map((k) => k.key));
    const extra = Object.keys(json.kernels).find((key) => !keys.has(key));
    if (extra !== undefined) throw new StateError(`${seriesPath('kernels', extra)}: not a kernel of these features`);
    this.kernels.forEach((k, j) => {
      const path = seriesPath('kernels', k.key);
      const state = json.kernels[k.key];
      if (state === undefined) throw new StateError(`${path}: missing (the features need it)`);
      try {
        restoreStreamState(this.streams[j] as unknown as BaseStream<never[], unknown>, state);
      } catch (e) {
        throw e instanceof StateError ? new StateError(`${path}: ${e.message}`) : e;
      }
    });
    this.committed = json.committed;
    this.lastTime = json.lastTime ?? NaN;
    return this;
  }

  /** Checks everything (candle, peers) before anything changes; then runs every kernel and formula. */
  private step(c: Candle, peers: Readonly<Record<string, Candle>> | undefined, commit: boolean): Float64Array {
    const own = snapshot(c, this.own) as Candle;
    assertCandle(own, this.committed, this.lastTime);
    checkRowPeers(peers, this.peers);
    for (let p = 0; p < this.peers.length; p++) {
      const symbol = this.peers[p]!;
      const peer = snapshot(peers![symbol], this.peerRows[p]!) as Candle;
      assertCandle(peer, this.committed, this.lastTime);
      if (peer.time !== own.time) throw new InvalidParameterError(seriesPath('peers', symbol), `time ${peer.time} differs from the candle's ${own.time} at row ${this.committed}`);
    }
    if (commit) {
      this.committed++;
      this.lastTime = own.time;
    }
    const candle = this.candle;
    write(candle, 0, own);
    for (let p = 0; p < this.peers.length; p++) write(candle, CANDLE_FIELDS.length * (p + 1), this.peerRows[p] as Candle);
    for (let k = 0; k < this.streams.length; k++) {
      const ins = this.kernelInputs[k]!;
      const views = this.inputViews[k]!;
      for (let j = 0; j < views.length; j++) ins[j] = views[j]![0]!;
      (commit ? this.nexts : this.peeks)[k]!.call(this.streams[k]!, ins, this.kernelOutputs[k]!);
    }
    const formulas = this.formulas;
    for (let f = 0; f < formulas.length; f++) {
      const formula = formulas[f];
      const cols = this.featureCols[f]!;
      // two stores, not one of a conditional: its two kinds of number would be boxed to merge
      if (formula === undefined) this.values[f] = cols[0]![0]!;
      else this.values[f] = formula(cols, 0);
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

/** Row `i` of `candles`, written into `into`. */
function candleAt(candles: Candles, i: number, into: Candle): Candle {
  into.time = candles.time[i]!;
  into.open = candles.open[i]!;
  into.high = candles.high[i]!;
  into.low = candles.low[i]!;
  into.close = candles.close[i]!;
  into.volume = candles.volume[i]!;
  return into;
}
