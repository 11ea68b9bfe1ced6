/**
 * Reliability-diagram data.
 *
 * @module
 */
import { wilsonInterval, type Proportion } from './metrics.js';
import { binPredictions, type Binning } from './bins.js';
import { binnedCalibrationError } from './ece.js';

/** One bin of a reliability diagram (only bins holding samples are listed). */
export interface ReliabilityBin {
  /** The bin's edges on the probability axis: it holds the predictions in (lower, upper] (the first bin also lower). */
  readonly lower: number;
  readonly upper: number;
  /** Number of samples in the bin. */
  readonly count: number;
  /** Mean predicted probability of the bin's samples. */
  readonly meanPredicted: number;
  /** Observed positive rate with its Wilson 95% interval (`wilsonInterval(positives, count)`). */
  readonly observed: Proportion;
}

/** The data of a reliability diagram: the bins, the ECE and MCE over them, and how they were cut. */
export interface ReliabilityDiagram {
  readonly bins: readonly ReliabilityBin[];
  readonly ece: number;
  readonly mce: number;
  /** Number of samples. */
  readonly n: number;
  readonly binning: Binning;
  /** Number of bins cut (empty ones are not listed in `bins`). */
  readonly binCount: number;
}

/** Options of {@link reliabilityDiagram}: the number of bins (default 10) and the binning (default equal-width). */
export interface ReliabilityOptions {
  readonly bins?: number;
  readonly binning?: Binning;
}

/**
 * The data of a reliability diagram: for each bin of the predictions that holds samples, its edges, its count, its
 * mean predicted probability and its observed positive rate with a Wilson 95% interval, and the ECE and MCE over
 * the same bins (scikit-learn's `calibration_curve` bins; `prob_pred` and `prob_true` are `meanPredicted` and
 * `observed.value`). A calibrated model's points lie on the diagonal, within their intervals. Unweighted (a Wilson
 * interval counts samples). Throws `InvalidParameterError` for labels other than 0/1, probabilities outside
 * [0, 1], no samples, or a bad or unknown option; `LengthMismatchError` for probabilities of another length than
 * the labels.
 *
 * Reference: M. H. DeGroot, S. E. Fienberg (1983), "The comparison and evaluation of forecasters", The
 * Statistician 32; E. B. Wilson (1927), JASA 22(158).
 *
 * @example
 * ```ts
 * const d = reliabilityDiagram([0, 0, 1, 1, 1], [0.1, 0.3, 0.6, 0.8, 0.9], { bins: 2 })
 * d.bins.map((b) => [b.count, b.meanPredicted, b.observed.value]) // => [[2, 0.2, 0], [3, 0.7666666666666666, 1]]
 * d.ece                                                           // => 0.22000000000000006
 * ```
 */
export function reliabilityDiagram(labels: ArrayLike<number>, probs: ArrayLike<number>, options?: ReliabilityOptions): ReliabilityDiagram {
  const bins = binPredictions(labels, probs, options, ['bins', 'binning']);
  const out: ReliabilityBin[] = [];
  bins.count.forEach((count, b) => {
    if (count > 0) out.push({ lower: bins.edges[b]!, upper: bins.edges[b + 1]!, count, meanPredicted: bins.meanPredicted[b]!, observed: wilsonInterval(bins.positives[b]!, count) });
  });
  return { bins: out, ...binnedCalibrationError(bins), n: bins.samples.n, binning: options?.binning ?? 'equal-width', binCount: bins.count.length };
}
