/**
 * Quantile binning for histogram-based tree training: each feature's values are mapped once to at most 256 small
 * integer bins (a `Uint8Array`, column-major), and the trainer only ever looks at bins.
 *
 * Bin semantics are chosen so that a split found on bins is *exactly* an XGBoost split on raw values:
 * the bin boundaries ("cuts") of a feature are ascending float32 values `c_0 < c_1 < ... < c_{k-1}`, and a
 * non-missing value `x` falls in bin `b = #{ j : c_j <= fround(x) }` (0 .. k). Hence "bins 0..b go left" is the
 * same as `Math.fround(x) < c_b`, the XGBoost / `SPLIT_XGBOOST` decision, for every value, seen or unseen.
 * NaN goes to a dedicated missing bin, index `k + 1` (after the value bins). Infinities are ordinary values.
 *
 * Cuts are fitted on training data only (a quantile sketch over the float32-rounded non-missing values, or the
 * midpoints between neighbouring distinct values when there are few) and kept in a {@link BinMapper}, which bins
 * any other matrix (validation, test) the same way.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { Rng } from '../../core/rng.js';
import { GBDTInputError } from './train-errors.js';

/** Options of {@link fitBinMapper} and {@link binDataset}. */
export interface BinningOptions {
  /**
   * Maximum number of bins per feature *including* the missing-value bin, in [2, 256]. Default 256, so a feature
   * gets at most 255 value bins plus the missing bin, and every bin index fits a byte.
   */
  maxBin?: number;
  /**
   * Rows used to fit the quantiles: when X has more rows, a seeded uniform sample of this many rows is used
   * (LightGBM's `bin_construct_sample_cnt`). Default 200,000. Binning itself always covers every row.
   */
  sampleRows?: number;
  /** Seed of the row sample (only used when X has more than `sampleRows` rows). Default 0. */
  seed?: number;
}

/** The plain, JSON-friendly form of a {@link BinMapper} (see {@link BinMapper.toJSON}). */
export interface BinMapperJSON {
  readonly maxBin: number;
  /** Per feature, the ascending float32 cut values. */
  readonly cuts: readonly (readonly number[])[];
}

/**
 * The fitted bin boundaries of every feature. Feature `f` has `numValueBins(f) = cuts(f).length + 1` value bins
 * and one missing bin with index `missingBin(f) = numValueBins(f)`.
 *
 * @example
 * ```ts
 * const mapper = fitBinMapper({ rows: 4, cols: 1, data: Float64Array.of(1, 2, 3, NaN) })
 * mapper.cuts(0)        // Float32Array [1.5, 2.5]
 * mapper.bin(0, 2)      // 1
 * mapper.bin(0, NaN)    // 3 (the missing bin)
 * mapper.threshold(0, 0) // 1.5: bins <= 0 go left iff Math.fround(x) < 1.5
 * ```
 */
export class BinMapper {
  /** Number of features. */
  readonly nFeatures: number;
  /** The `maxBin` the cuts were fitted with. */
  readonly maxBin: number;
  /** All cuts concatenated (float32 values stored as doubles); feature f owns `cutValues[cutStart[f] .. cutStart[f+1]-1]`. */
  readonly cutValues: Float64Array;
  /** Length nFeatures + 1, offsets into `cutValues`. */
  readonly cutStart: Int32Array;

  /** Builds a mapper from concatenated cuts; prefer {@link fitBinMapper} or {@link BinMapper.fromJSON}. */
  constructor(maxBin: number, cutValues: Float64Array, cutStart: Int32Array) {
    this.nFeatures = cutStart.length - 1;
    this.maxBin = maxBin;
    this.cutValues = cutValues;
    this.cutStart = cutStart;
  }

  /** Cut values of feature f (a copy, as float32). */
  cuts(f: number): Float32Array {
    return Float32Array.from(this.cutValues.subarray(this.cutStart[f]!, this.cutStart[f + 1]!));
  }

  /** Number of value bins of feature f (the missing bin not included). */
  numValueBins(f: number): number {
    return this.cutStart[f + 1]! - this.cutStart[f]! + 1;
  }

  /** Index of the missing-value bin of feature f (= `numValueBins(f)`). */
  missingBin(f: number): number {
    return this.cutStart[f + 1]! - this.cutStart[f]! + 1;
  }

  /** The bin of value x for feature f: `#{ cuts c : c <= fround(x) }`, or the missing bin for NaN. */
  bin(f: number, x: number): number {
    const lo = this.cutStart[f]!, hi = this.cutStart[f + 1]!;
    if (x !== x) return hi - lo + 1;
    return upperBound(this.cutValues, lo, hi, Math.fround(x)) - lo;
  }

  /**
   * The float32 threshold of the split "value bins 0..b go left": `Math.fround(x) < threshold(f, b)` holds exactly
   * for the values in bins 0..b. Valid for `0 <= b < numValueBins(f) - 1`.
   */
  threshold(f: number, b: number): number {
    return this.cutValues[this.cutStart[f]! + b]!;
  }

  /** Bins a matrix with these cuts (for validation and test data). Throws if the column count differs. */
  transform(X: Matrix): BinnedDataset {
    checkMatrix(X, 'X');
    if (X.cols !== this.nFeatures) {
      throw new GBDTInputError('GBDT_LENGTH_MISMATCH', 'X', `has ${X.cols} column(s), the bins were fitted on ${this.nFeatures}`, { shape: { rows: X.rows, cols: X.cols, fitted: this.nFeatures } });
    }
    return applyBins(this, X, this.maxBin);
  }

  /** Plain JSON form (cuts as numbers), restorable with {@link BinMapper.fromJSON}. */
  toJSON(): BinMapperJSON {
    const cuts: number[][] = [];
    for (let f = 0; f < this.nFeatures; f++) cuts.push(Array.from(this.cutValues.subarray(this.cutStart[f]!, this.cutStart[f + 1]!)));
    return { maxBin: this.maxBin, cuts };
  }

  /** Restores a mapper from {@link BinMapper.toJSON} output, validating that cuts are ascending float32 values. */
  static fromJSON(json: BinMapperJSON): BinMapper {
    const maxBin = json.maxBin;
    checkMaxBin(maxBin);
    const start = new Int32Array(json.cuts.length + 1);
    for (let f = 0; f < json.cuts.length; f++) start[f + 1] = start[f]! + json.cuts[f]!.length;
    const values = new Float64Array(start[json.cuts.length]!);
    json.cuts.forEach((c, f) => {
      if (c.length > maxBin - 2) throw new GBDTInputError('GBDT_INVALID_PARAMETER', `cuts[${f}]`, `has ${c.length} cuts, at most maxBin - 2 = ${maxBin - 2} allowed`);
      for (let j = 0; j < c.length; j++) {
        const v = c[j]!;
        if (typeof v !== 'number' || Number.isNaN(v) || Math.fround(v) !== v || (j > 0 && !(v > c[j - 1]!))) {
          throw new GBDTInputError('GBDT_INVALID_PARAMETER', `cuts[${f}][${j}]`, 'cuts must be strictly ascending float32 values', { value: v });
        }
        values[start[f]! + j] = v;
      }
    });
    return new BinMapper(maxBin, values, start);
  }
}

/**
 * A binned matrix: `bins[f * rows + r]` (column-major) is the bin of X[r, f] under `mapper`.
 * Build it once with {@link binDataset} and pass it to `trainGBDT` as many times as needed.
 */
export interface BinnedDataset {
  /** Discriminant, so that `trainGBDT` can accept either a Matrix or a BinnedDataset. */
  readonly kind: 'binned';
  /** Number of rows. */
  readonly rows: number;
  /** Number of features. */
  readonly cols: number;
  /** Column-major bin indices, length rows * cols. */
  readonly bins: Uint8Array;
  /** The cuts used. */
  readonly mapper: BinMapper;
  /** Per feature: 1 if some row is missing (NaN). */
  readonly hasMissing: Uint8Array;
}

/** True iff `x` is a {@link BinnedDataset} (as opposed to a raw Matrix). */
export function isBinnedDataset(x: unknown): x is BinnedDataset {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'binned';
}

/**
 * Fits quantile bin boundaries on X (training data only). Per feature: the non-missing values are rounded to
 * float32 and sorted; with at most `maxBin - 1` distinct values, every distinct value gets its own bin (cuts at the
 * float32 midpoints between neighbours); otherwise cuts are placed before the `k / (maxBin - 1)` quantiles
 * (k = 1 .. maxBin - 2), again at float32 midpoints, and duplicates collapse (so heavily tied features use fewer bins).
 *
 * @example
 * ```ts
 * const mapper = fitBinMapper(X, { maxBin: 64 })
 * const train = mapper.transform(X), valid = mapper.transform(Xvalid)
 * ```
 */
export function fitBinMapper(X: Matrix, options: BinningOptions = {}): BinMapper {
  checkMatrix(X, 'X');
  const maxBin = options.maxBin ?? 256;
  checkMaxBin(maxBin);
  const sampleRows = options.sampleRows ?? 200_000;
  if (!Number.isInteger(sampleRows) || sampleRows < 1) throw new GBDTInputError('GBDT_INVALID_PARAMETER', 'sampleRows', `must be a positive integer, got ${sampleRows}`, { value: sampleRows });
  const { rows, cols, data } = X;
  let sample: Uint32Array | undefined;
  if (rows > sampleRows) {
    // Floyd's algorithm would avoid the O(rows) array; a partial Fisher-Yates shuffle is simpler and exact.
    const rng = new Rng(options.seed ?? 0);
    const idx = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) idx[i] = i;
    for (let i = 0; i < sampleRows; i++) {
      const j = i + Math.floor(rng.uniform() * (rows - i));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    sample = idx.slice(0, sampleRows).sort();
  }
  const m = sample ? sample.length : rows;
  const maxValueBins = maxBin - 1;
  const perFeature: Float64Array[] = [];
  const bw = Math.min(BLOCK, cols);
  const keys = new Uint32Array(bw * m);
  const counts = new Int32Array(BLOCK);
  const sorter = new RadixSorter(m);
  const sorted = new Float32Array(m);
  for (let f0 = 0; f0 < cols; f0 += BLOCK) {
    const nb = Math.min(BLOCK, cols - f0);
    gatherBlock(data, cols, f0, nb, m, sample, keys, undefined, counts);
    for (let k = 0; k < nb; k++) {
      const c = counts[k]!;
      sorter.keys.set(keys.subarray(k * m, k * m + c));
      sorter.sort(c, false);
      const sk = sorter.keys;
      for (let i = 0; i < c; i++) sorted[i] = keyValue(sk[i]!);
      perFeature.push(featureCuts(sorted.subarray(0, c), maxValueBins));
    }
  }
  const start = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) start[f + 1] = start[f]! + perFeature[f]!.length;
  const values = new Float64Array(start[cols]!);
  for (let f = 0; f < cols; f++) values.set(perFeature[f]!, start[f]!);
  return new BinMapper(maxBin, values, start);
}

/**
 * Fits bins on X ({@link fitBinMapper}) and bins X with them: the dataset to train on, built once and reusable
 * across boosting rounds and models.
 *
 * @example
 * ```ts
 * const data = binDataset(X, { maxBin: 256 })
 * const a = trainGBDT(data, y, { maxDepth: 4 }), b = trainGBDT(data, y, { growPolicy: 'leafwise' })
 * ```
 */
export function binDataset(X: Matrix, options: BinningOptions = {}): BinnedDataset {
  checkMatrix(X, 'X');
  const maxBin = options.maxBin ?? 256;
  checkMaxBin(maxBin);
  // Without row sampling, fitting and binning share one sort per feature (same cuts as fitBinMapper).
  if (X.rows <= (options.sampleRows ?? 200_000)) return applyBins(undefined, X, maxBin);
  return applyBins(fitBinMapper(X, options), X, maxBin);
}

/**
 * LSD radix sort of float32 values (no NaN) by order-preserving unsigned keys of their bit patterns, three passes
 * of 11/11/10 bits, optionally carrying a row-index payload: O(n) and free of unpredictable branches, several times
 * faster than `Float32Array.prototype.sort` or a binary search per value in V8. -0 is canonicalised to +0.
 */
class RadixSorter {
  /** Input keys (fill `keys[0..n-1]` with {@link orderKey} values) and, optionally, payloads. */
  keys: Uint32Array;
  idx: Uint32Array;
  private k2: Uint32Array;
  private i2: Uint32Array;
  private readonly count = new Int32Array(2048);

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.idx = new Uint32Array(capacity);
    this.k2 = new Uint32Array(capacity);
    this.i2 = new Uint32Array(capacity);
  }

  /** Sorts `keys[0..n-1]` ascending (stable), permuting `idx` alongside when `withIndex`. */
  sort(n: number, withIndex: boolean): void {
    const count = this.count;
    for (let shift = 0; shift < 32; shift += 11) {
      const src = this.keys, dst = this.k2, si = this.idx, di = this.i2;
      const mask = shift === 22 ? 0x3ff : 0x7ff;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(src[i]! >>> shift) & mask]!++;
      let sum = 0;
      for (let d = 0; d <= mask; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      if (withIndex) {
        for (let i = 0; i < n; i++) {
          const k = src[i]!;
          const j = count[(k >>> shift) & mask]!++;
          dst[j] = k;
          di[j] = si[i]!;
        }
        this.idx = di;
        this.i2 = si;
      } else {
        for (let i = 0; i < n; i++) {
          const k = src[i]!;
          dst[count[(k >>> shift) & mask]!++] = k;
        }
      }
      this.keys = dst;
      this.k2 = src;
    }
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Order-preserving unsigned key of a non-NaN value rounded to float32 (-0 maps to the key of +0). */
function orderKey(x: number): number {
  F32[0] = x;
  const u = U32[0]!;
  if (u === 0x80000000) return 0x80000000;
  return u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
}

/** The float32 value of an {@link orderKey}. */
function keyValue(k: number): number {
  U32[0] = k & 0x80000000 ? k & 0x7fffffff : ~k >>> 0;
  return F32[0]!;
}

/** Feature-block size of the transposing passes over the row-major input. */
const BLOCK = 16;

/**
 * Gathers features f0 .. f0+nb-1 of the given rows (all rows if `sample` is undefined) as order keys into
 * `keys[k * m + ...]`, skipping NaN, and returns the per-feature counts; `rowOut` receives the row indices.
 */
function gatherBlock(data: Float32Array | Float64Array, cols: number, f0: number, nb: number, m: number, sample: Uint32Array | undefined, keys: Uint32Array, rowOut: Uint32Array | undefined, counts: Int32Array): void {
  counts.fill(0);
  for (let i = 0; i < m; i++) {
    const r = sample ? sample[i]! : i;
    const off = r * cols + f0;
    for (let k = 0; k < nb; k++) {
      const x = data[off + k]!;
      if (x === x) {
        const j = k * m + counts[k]!++;
        keys[j] = orderKey(x);
        if (rowOut) rowOut[j] = r;
      }
    }
  }
}

/** Cuts of one feature from its sorted float32 non-missing values. */
function featureCuts(sorted: Float32Array, maxValueBins: number): Float64Array {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return new Float64Array(0);
  // Count distinct values (stop early once there are more than maxValueBins).
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxValueBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxValueBins) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(midCut(sorted[i - 1]!, sorted[i]!));
    return Float64Array.from(cuts);
  }
  let last = -Infinity;
  let hasLast = false;
  for (let k = 1; k < maxValueBins; k++) {
    const q = sorted[Math.floor((k * n) / maxValueBins)]!;
    if (!(q > sorted[0]!)) continue; // the minimum: no boundary below it
    const below = sorted[lowerBound(sorted, q) - 1]!; // largest value < q
    const c = midCut(below, q);
    if (hasLast && !(c > last)) continue;
    cuts.push(c);
    last = c;
    hasLast = true;
  }
  return Float64Array.from(cuts);
}

/** A float32 cut c with lo < c <= hi (lo < hi are float32 values): the rounded midpoint, or hi. */
function midCut(lo: number, hi: number): number {
  const c = Math.fround(lo + (hi - lo) / 2);
  return c > lo && c <= hi ? c : hi;
}

/** First index i in [0, a.length) with a[i] >= x (a ascending). */
function lowerBound(a: Float32Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) with a[i] > x (a ascending), or hi. */
function upperBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bins every row of X: per feature, the non-missing values are radix-sorted with their row indices and the bins
 * assigned in one ascending walk over the cuts (a value v is in bin `#{ cuts c : c <= v }`). Without a mapper, the
 * cuts are fitted from the same sorted values first (all rows) and a mapper is built.
 */
function applyBins(mapper: BinMapper | undefined, X: Matrix, maxBin: number): BinnedDataset {
  const { rows, cols, data } = X;
  const bins = new Uint8Array(rows * cols);
  const hasMissing = new Uint8Array(cols);
  const fitted: Float64Array[] = [];
  const sorted = mapper ? undefined : new Float32Array(rows);
  const bw = Math.min(BLOCK, cols);
  const keys = new Uint32Array(bw * rows), rowIdx = new Uint32Array(bw * rows);
  const counts = new Int32Array(BLOCK);
  const sorter = new RadixSorter(rows);
  const cutKeys = new Float64Array(257);
  for (let f0 = 0; f0 < cols; f0 += BLOCK) {
    const nb = Math.min(BLOCK, cols - f0);
    gatherBlock(data, cols, f0, nb, rows, undefined, keys, rowIdx, counts);
    for (let k = 0; k < nb; k++) {
      const f = f0 + k;
      const c = counts[k]!;
      const base = f * rows;
      // Missing rows: every row starts in the missing bin and non-missing rows are overwritten below.
      if (c < rows) hasMissing[f] = 1;
      sorter.keys.set(keys.subarray(k * rows, k * rows + c));
      sorter.idx.set(rowIdx.subarray(k * rows, k * rows + c));
      sorter.sort(c, true);
      const sk = sorter.keys, si = sorter.idx;
      let cuts: Float64Array;
      if (mapper) cuts = mapper.cutValues.subarray(mapper.cutStart[f]!, mapper.cutStart[f + 1]!);
      else {
        for (let i = 0; i < c; i++) sorted![i] = keyValue(sk[i]!);
        cuts = featureCuts(sorted!.subarray(0, c), maxBin - 1);
        fitted.push(cuts);
      }
      const nc = cuts.length;
      if (c < rows) bins.fill(nc + 1, base, base + rows);
      for (let j = 0; j < nc; j++) cutKeys[j] = orderKey(cuts[j]!);
      cutKeys[nc] = Infinity;
      let b = 0, next = cutKeys[0]!;
      for (let i = 0; i < c; i++) {
        const key = sk[i]!;
        while (key >= next) next = cutKeys[++b]!;
        bins[base + si[i]!] = b;
      }
    }
  }
  if (!mapper) {
    const start = new Int32Array(cols + 1);
    for (let f = 0; f < cols; f++) start[f + 1] = start[f]! + fitted[f]!.length;
    const values = new Float64Array(start[cols]!);
    for (let f = 0; f < cols; f++) values.set(fitted[f]!, start[f]!);
    mapper = new BinMapper(maxBin, values, start);
  }
  return { kind: 'binned', rows, cols, bins, mapper, hasMissing };
}

function checkMaxBin(maxBin: number): void {
  if (!Number.isInteger(maxBin) || maxBin < 2 || maxBin > 256) {
    throw new GBDTInputError('GBDT_INVALID_PARAMETER', 'maxBin', `must be an integer in [2, 256], got ${maxBin}`, { value: maxBin });
  }
}

/** Validates a Matrix's shape: non-negative integer dims, `data.length === rows * cols`, at least one row and column. */
export function checkMatrix(X: Matrix, name: string): void {
  if (typeof X !== 'object' || X === null || !(X.data instanceof Float64Array || X.data instanceof Float32Array)) {
    throw new GBDTInputError('GBDT_INVALID_PARAMETER', name, 'must be a Matrix { rows, cols, data: Float64Array | Float32Array }');
  }
  const { rows, cols } = X;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new GBDTInputError('GBDT_INVALID_PARAMETER', name, `rows and cols must be non-negative integers, got ${rows} x ${cols}`, { shape: { rows, cols } });
  }
  if (X.data.length !== rows * cols) {
    throw new GBDTInputError('GBDT_LENGTH_MISMATCH', name, `data has ${X.data.length} element(s), expected rows * cols = ${rows} * ${cols}`, { shape: { rows, cols, dataLength: X.data.length } });
  }
  if (rows === 0 || cols === 0) throw new GBDTInputError('GBDT_EMPTY', name, `has ${rows} row(s) and ${cols} column(s); at least one of each is needed`, { shape: { rows, cols } });
}
