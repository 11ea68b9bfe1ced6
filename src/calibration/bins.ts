/**
 * Binning of predicted probabilities, shared by the ECE, the MCE, the Brier decomposition and the reliability
 * diagram.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { checkSamples, type Samples } from './inputs.js';

/**
 * How the probability axis is cut: `'equal-width'`, B bins of width 1 / B; `'equal-mass'`, bins between the
 * (k / B)-quantiles of the predictions, so that each holds about n / B of them (scikit-learn's `calibration_curve`
 * strategies `'uniform'` and `'quantile'`).
 */
export type Binning = 'equal-width' | 'equal-mass';

/**
 * Options of the binned calibration metrics.
 *
 * @example
 * ```ts
 * expectedCalibrationError([0, 1, 1], [0.2, 0.6, 0.9], { bins: 5, binning: 'equal-mass', weights: [1, 2, 1] }) // => 0.275
 * ```
 */
export interface BinnedMetricOptions {
  /** Number of bins, an integer >= 1. Default 10. */
  readonly bins?: number;
  /** Default `'equal-width'`. */
  readonly binning?: Binning;
  /** Sample weights (finite, >= 0, not all 0); each bin's means and mass are weighted. Default: all 1. */
  readonly weights?: ArrayLike<number>;
}

/** Samples sorted into bins, with each bin's (weighted) totals. */
export interface Bins {
  readonly samples: Samples;
  /** bins + 1 edges, the first 0 (equal-width) or the smallest prediction (equal-mass). */
  readonly edges: Float64Array;
  /** The bin of each sample. */
  readonly index: Int32Array;
  /** Per bin: number of samples, of positives, total weight, weighted mean prediction, weighted positive rate. */
  readonly count: Int32Array;
  readonly positives: Int32Array;
  readonly weight: Float64Array;
  readonly meanPredicted: Float64Array;
  readonly observed: Float64Array;
  /** Total weight of all samples. */
  readonly total: number;
}

/** numpy's `_lerp` (used by `np.percentile`, method 'linear'), to the last bit. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The k / B edges as scikit-learn's `calibration_curve` computes them (`np.linspace`, then `np.percentile`). */
function binEdges(probs: Float64Array, bins: number, binning: Binning): Float64Array {
  const step = 1 / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (k === bins ? 1 : k * step));
  if (binning === 'equal-width') return edges;
  const sorted = Float64Array.from(probs).sort();
  const n = sorted.length;
  return edges.map((q) => {
    const v = (n - 1) * ((q * 100) / 100);
    if (v >= n - 1) return sorted[n - 1]!;
    const lo = Math.floor(v);
    return lerp(sorted[lo]!, sorted[lo + 1]!, v - lo);
  });
}

/** Number of interior edges strictly below p (numpy's `searchsorted(edges[1:-1], p)`): bins are (e_k, e_k+1]. */
function binOf(edges: Float64Array, p: number): number {
  let lo = 1, hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Checks the labels, the probabilities and the options (`known` lists the option names the caller accepts) and
 * sorts the samples into bins: bin k holds the predictions in (e_k, e_k+1] (the first also e_0), as in
 * scikit-learn's `calibration_curve`. Equal-mass edges are the unweighted quantiles of the predictions.
 *
 * @example
 * ```ts
 * const b = binPredictions([0, 1, 1], [0.2, 0.4, 0.9], { bins: 2 }, ['bins'])
 * [b.count, b.meanPredicted, b.observed] // => [Int32Array [2, 1], Float64Array [0.30000000000000004, 0.9], Float64Array [0.5, 1]]
 * ```
 */
export function binPredictions(labels: ArrayLike<number>, probs: ArrayLike<number>, options: BinnedMetricOptions | undefined, known: readonly string[]): Bins {
  const checked = checkOptions(options, known, 'options');
  const bins = checked.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidParameterError('options.bins', `must be an integer >= 1, got ${describeValue(bins)}`);
  const binning = checked.binning ?? 'equal-width';
  if (binning !== 'equal-width' && binning !== 'equal-mass') {
    throw new InvalidParameterError('options.binning', `expected 'equal-width' or 'equal-mass', got ${describeValue(binning)}`);
  }
  const samples = checkSamples(labels, probs, checked.weights, 'probability');
  const { n, scores: p, labels: y, weights: w } = samples;
  const edges = binEdges(p, bins, binning);
  const index = new Int32Array(n);
  const count = new Int32Array(bins), positives = new Int32Array(bins);
  const weight = new Float64Array(bins), sumP = new Float64Array(bins), sumY = new Float64Array(bins);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b = binOf(edges, p[i]!);
    const wi = w ? w[i]! : 1;
    index[i] = b;
    count[b] = count[b]! + 1;
    positives[b] = positives[b]! + y[i]!;
    weight[b] = weight[b]! + wi;
    sumP[b] = sumP[b]! + wi * p[i]!;
    sumY[b] = sumY[b]! + wi * y[i]!;
    total += wi;
  }
  const meanPredicted = sumP.map((s, b) => s / weight[b]!);
  const observed = sumY.map((s, b) => s / weight[b]!);
  return { samples, edges, index, count, positives, weight, meanPredicted, observed, total };
}
