/**
 * `trainMarketModel`: one market's model from its candles, ready for `store.saveModelVersion`: catalogue features,
 * fixed-horizon labels for each horizon, one ensemble per horizon, out-of-fold metrics.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Candles } from '../core/types.js';
import { ENSEMBLE_FORMAT } from '../ensemble/artifact/format.js';
import { ensembleToBinary } from '../ensemble/artifact/write.js';
import type { ModelMetrics } from '../ensemble/metrics.js';
import type { EnsembleConfig } from '../ensemble/training/config.js';
import type { EnsembleDataset } from '../ensemble/training/dataset.js';
import { trainEnsemble } from '../ensemble/training/train.js';
import { computeFeatures } from '../features/compute.js';
import { featureFrame } from '../features/frame.js';
import { fixedHorizonLabels } from '../labels/fixed-horizon.js';
import type { JsonObject } from '../store/schema.js';
import { HORIZONS_FORMAT, horizonsToBinary, type HorizonModel } from './horizons.js';

/** Options of {@link trainMarketModel} and {@link marketDatasets}. An unknown key is an error. */
export interface MarketTrainingOptions {
  /** The market's candles, oldest first. */
  readonly candles: Candles;
  /** Other symbols' candles on the same times, for cross-asset (`syn_*`) features. */
  readonly peers?: Readonly<Record<string, Candles>>;
  /** The market's symbol (names its `syn_*` features). */
  readonly symbol?: string;
  /** Catalogue feature names, in column order. Default: every single-asset feature of the catalogue. */
  readonly features?: readonly string[];
  /**
   * Extra columns appended after the features, one value per candle (research only: a model trained with them
   * needs them at prediction time, and the feature store does not hold them).
   */
  readonly columns?: Readonly<Record<string, Float64Array>>;
  /** Candles ahead, one ensemble each. Default [1]. */
  readonly horizons?: readonly number[];
  /** The configuration of `trainEnsemble` (members, folds, calibration, seed), the same for every horizon. */
  readonly ensemble?: EnsembleConfig;
  /** Label options: |return| below `deadZone` leaves the row unlabeled (default 0: only a zero return). */
  readonly labels?: { readonly deadZone?: number };
}

/** The out-of-fold metrics of one horizon, as stored in `metrics.byHorizon`. */
export interface HorizonMetrics extends JsonObject {
  /** Out-of-fold rows and walk-forward folds. */
  rows: number;
  folds: number;
  /** Whether the metrics are the calibrated ensemble's (cross-fitted) or, without calibration, the raw ensemble's. */
  calibrated: boolean;
  /** Accuracy of pUp >= 0.5 with its Wilson 95% interval. */
  accuracy: { value: number; lower: number; upper: number };
  /** Mean log loss with mean ± 1.96 standard errors. */
  logLoss: { value: number; lower: number; upper: number };
  /** ROC AUC with its Hanley-McNeil 95% interval. */
  auc: { value: number; lower: number; upper: number };
  /** Expected calibration error, 10 equal-width bins. */
  ece: number;
}

/** What {@link trainMarketModel} returns: the fields of `store.saveModelVersion`'s input, and the horizons. */
export interface TrainedMarketModel {
  /** `'alpha-v4-ensemble'` for horizons [1], else `'alpha-v4-horizons'`. */
  readonly format: string;
  readonly binary: Uint8Array;
  readonly featureNames: readonly string[];
  /** `{ horizons: number[], byHorizon: { [h]: HorizonMetrics } }`. */
  readonly metrics: JsonObject;
  /** Open time of the first labeled training row (over every horizon). */
  readonly trainStart: Date;
  /** Open time of the last labeled training row (over every horizon). */
  readonly trainEnd: Date;
  /** The horizons, increasing. Not enumerable, so that `...result` spreads only `saveModelVersion`'s fields. */
  readonly horizons: readonly number[];
}

/** One horizon's training set. */
export interface HorizonDataset {
  readonly horizon: number;
  readonly dataset: EnsembleDataset;
}

const OPTIONS = ['candles', 'peers', 'symbol', 'features', 'columns', 'horizons', 'ensemble', 'labels'];

function checkHorizons(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParameterError('options.horizons', `expected a non-empty array of horizons, got ${describeValue(value)}`);
  const horizons = (value as unknown[]).map((h, k) => {
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 1) throw new InvalidParameterError(`options.horizons[${k}]`, `must be an integer >= 1, got ${describeValue(h)}`);
    if ((value as unknown[]).indexOf(h) !== k) throw new InvalidParameterError(`options.horizons[${k}]`, `horizon ${h} is given twice`);
    return h;
  });
  return horizons.sort((a, b) => a - b);
}

/** The extra columns, checked: Float64Arrays of one value per candle, named apart from the features. */
function extraColumns(columns: MarketTrainingOptions['columns'], n: number, features: readonly string[]): [string, Float64Array][] {
  if (columns === undefined) return [];
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) throw new InvalidParameterError('options.columns', `expected a record of Float64Array columns, got ${describeValue(columns)}`);
  return Object.entries(columns).map(([name, column]) => {
    if (!(column instanceof Float64Array) || column.length !== n) throw new InvalidParameterError(`options.columns.${name}`, `expected a Float64Array of ${n} values (one per candle), got ${describeValue(column)}`);
    if (features.includes(name)) throw new InvalidParameterError(`options.columns.${name}`, 'is also a feature name');
    return [name, column];
  });
}

/** The first index where `column` is not NaN, or -1. */
function firstDefined(column: Float64Array): number {
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i]!)) return i;
  return -1;
}

/**
 * The training set of each horizon (what {@link trainMarketModel} trains on), without training:
 *
 * 1. Features: `computeFeatures(candles, { features, symbol, peers })` (default: every single-asset feature), then
 *    the extra `columns`. The rows before the lookback are dropped: L = max over columns of the index of its
 *    first defined value, which for a feature is its lookback (the first L rows have some feature undefined).
 * 2. Labels of horizon h: `fixedHorizonLabels(close, { horizon: h, deadZone })`: y_t = 1 when
 *    close[t + h] > close[t], 0 when below, and t1_t = t + h - L (the dataset's own row numbering, for purging).
 *    A row whose label needs a candle beyond the data (the last h rows), or a zero (dead-zone) return, is
 *    unlabeled: t1 = NaN, and no fold uses it.
 *
 * Throws `InvalidParameterError` for a bad or unknown option, horizons that are not distinct integers >= 1, an
 * extra column that is not one Float64Array value per candle or is named as a feature, or a column never defined
 * on these candles (too short a history); `computeFeatures`' errors for bad candles, features or peers.
 *
 * @example
 * ```ts
 * const [d] = marketDatasets({ candles, features: ['rsi_14'], horizons: [4] })
 * [d.horizon, d.dataset.X.rows] // => [4, candles.time.length - 14]
 * ```
 */
export function marketDatasets(options: MarketTrainingOptions): HorizonDataset[] {
  const o = checkOptions(options, OPTIONS, 'options');
  const horizons = checkHorizons(o.horizons ?? [1]);
  const labelOptions = checkOptions(o.labels, ['deadZone'], 'options.labels');
  const frame = computeFeatures(o.candles, { ...(o.features ? { features: o.features } : {}), ...(o.symbol !== undefined ? { symbol: o.symbol } : {}), ...(o.peers ? { peers: o.peers } : {}) });
  const n = o.candles.time.length;
  const extra = extraColumns(o.columns, n, frame.names);
  const names = [...frame.names, ...extra.map(([name]) => name)];
  const columns = [...frame.columns, ...extra.map(([, column]) => column)];
  let L = 0;
  columns.forEach((column, j) => {
    const first = firstDefined(column);
    if (first < 0) throw new InvalidParameterError(j < frame.names.length ? 'options.features' : `options.columns.${names[j]}`, `${names[j]} has no value on these ${n} candles (too short a history)`);
    L = Math.max(L, first);
  });
  const time = o.candles.time.slice(L);
  const X = featureFrame(time, names, columns.map((c) => c.subarray(L))).toMatrix();
  return horizons.map((horizon) => {
    const { label, t1 } = fixedHorizonLabels(o.candles.close, { horizon, ...labelOptions });
    const y = label.slice(L);
    const ends = Float64Array.from(y, (v, i) => (Number.isNaN(v) ? NaN : t1[i + L]! - L));
    return { horizon, dataset: { X, y, t1: ends, featureNames: names, time } };
  });
}

function interval(i: { value: number; lower: number; upper: number }): { value: number; lower: number; upper: number } {
  return { value: i.value, lower: i.lower, upper: i.upper };
}

function horizonMetrics(m: ModelMetrics, folds: number, calibrated: boolean): HorizonMetrics {
  return { rows: m.rows, folds, calibrated, accuracy: interval(m.accuracy), logLoss: interval(m.logLoss), auc: interval(m.auc), ece: m.ece };
}

/**
 * Trains one market's model: for each horizon h, an ensemble (`trainEnsemble` with `options.ensemble`) on the
 * training set of {@link marketDatasets} (features at t, the direction from close[t] to close[t + h], purged
 * walk-forward folds). Every horizon predicts from the same current features: the features of future candles do
 * not exist, so each horizon has a model of its own.
 *
 * The result holds `saveModelVersion`'s fields: `format` (`'alpha-v4-ensemble'` when the horizons are [1],
 * otherwise an `'alpha-v4-horizons'` bundle), `binary`, `featureNames`, `metrics` (per horizon the out-of-fold
 * report of the calibrated ensemble, or the raw one without calibration: accuracy with its Wilson interval, log
 * loss and AUC with intervals, ECE) and the training window; `horizons` is there too, not enumerable.
 *
 * Deterministic (the same candles and options give the same bytes). Throws what {@link marketDatasets} and
 * `trainEnsemble` throw.
 *
 * @example
 * ```ts
 * const model = trainMarketModel({ candles, horizons: [1, 4], ensemble: { members, seed: 1 } })
 * await store.saveModelVersion({ symbol: 'BTC', timeframe: '15m', ...model, activate: true })
 * [model.format, model.horizons] // => ['alpha-v4-horizons', [1, 4]]
 * ```
 */
export function trainMarketModel(options: MarketTrainingOptions): TrainedMarketModel {
  const datasets = marketDatasets(options);
  const models: HorizonModel[] = [];
  const byHorizon: Record<string, HorizonMetrics> = {};
  for (const { horizon, dataset } of datasets) {
    const { ensemble, report } = trainEnsemble(dataset, options.ensemble);
    models.push({ horizon, ensemble });
    byHorizon[String(horizon)] = horizonMetrics(report.calibrated ?? report.ensemble, report.folds, report.calibrated !== undefined);
  }
  const horizons = models.map((m) => m.horizon);
  const single = horizons.length === 1 && horizons[0] === 1;
  const windows = models.map((m) => m.ensemble.window!);
  const result: Omit<TrainedMarketModel, 'horizons'> = {
    format: single ? ENSEMBLE_FORMAT : HORIZONS_FORMAT,
    binary: single ? ensembleToBinary(models[0]!.ensemble) : horizonsToBinary(models),
    featureNames: datasets[0]!.dataset.featureNames,
    metrics: { horizons, byHorizon },
    trainStart: new Date(Math.min(...windows.map((w) => w.first))),
    trainEnd: new Date(Math.max(...windows.map((w) => w.last))),
  };
  return Object.defineProperty(result, 'horizons', { value: horizons, enumerable: false }) as TrainedMarketModel;
}
