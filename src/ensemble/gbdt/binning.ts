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
import { InvalidParameterError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { Matrix } from '../../core/types.js';
import { GBDTInputError } from '../errors.js';
import { checkMatrix } from './matrix.js';
import { featureCuts } from './quantile-cuts.js';
import { keyValue, orderKey, RadixSorter } from './radix-sort.js';

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
    return binColumns(this, X, this.maxBin);
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
      if (c.length > maxBin - 2) throw new InvalidParameterError(`cuts[${f}]`, `has ${c.length} cuts, at most maxBin - 2 = ${maxBin - 2} allowed`);
      for (let j = 0; j < c.length; j++) {
        const v = c[j]!;
        if (typeof v !== 'number' || Number.isNaN(v) || Math.fround(v) !== v || (j > 0 && !(v > c[j - 1]!))) {
          throw new InvalidParameterError(`cuts[${f}][${j}]`, 'cuts must be strictly ascending float32 values', { value: v });
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

/**
 * True iff `x` is a {@link BinnedDataset} (as opposed to a raw Matrix).
 *
 * @example
 * ```ts
 * isBinnedDataset(binDataset(X)) // true
 * isBinnedDataset(X)             // false
 * ```
 */
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
  return fitCheckedMatrix(X, maxBin, options);
}

/** {@link fitBinMapper} after the checks of X and maxBin (sampleRows is checked here). */
function fitCheckedMatrix(X: Matrix, maxBin: number, options: BinningOptions): BinMapper {
  const sampleRows = options.sampleRows ?? 200_000;
  if (!Number.isInteger(sampleRows) || sampleRows < 1) throw new InvalidParameterError('sampleRows', `must be a positive integer, got ${sampleRows}`, { value: sampleRows });
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
  return binCheckedMatrix(X, maxBin, options);
}

/**
 * {@link binDataset} for an X that `checkMatrix` accepted and a `maxBin` in [2, 256]: the trainer checks its inputs
 * once, before the costly binning, and calls this.
 *
 * @example
 * ```ts
 * checkMatrix(X, 'X')
 * const data = binCheckedMatrix(X, 256, { seed: 0 })
 * ```
 */
export function binCheckedMatrix(X: Matrix, maxBin: number, options: BinningOptions = {}): BinnedDataset {
  // Without row sampling, fitting and binning share one sort per feature (same cuts as fitBinMapper).
  if (X.rows <= (options.sampleRows ?? 200_000)) return binColumns(undefined, X, maxBin);
  return binColumns(fitCheckedMatrix(X, maxBin, options), X, maxBin);
}

/**
 * `mapper.transform(X)` for an X that `checkMatrix` accepted and that has the mapper's column count (the trainer's
 * validation set, checked before training starts).
 *
 * @example
 * ```ts
 * const valid = transformCheckedMatrix(train.mapper, Xvalid)
 * ```
 */
export function transformCheckedMatrix(mapper: BinMapper, X: Matrix): BinnedDataset {
  return binColumns(mapper, X, mapper.maxBin);
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
function binColumns(mapper: BinMapper | undefined, X: Matrix, maxBin: number): BinnedDataset {
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
    throw new InvalidParameterError('maxBin', `must be an integer in [2, 256], got ${maxBin}`, { value: maxBin });
  }
}
