/**
 * The servable model: a stored model version (`alpha_v4.model_versions` / `alpha_v4.models`) checked against its
 * checksum, decoded by its format, and behind one interface that scores every horizon it predicts, asynchronously
 * (`predict`) or synchronously (`predictSync`, for runtimes that cannot await: plv8). `decodeServableModelSync`
 * decodes synchronously every format but ensembles with ONNX members.
 *
 * Formats (`StoredModel.format`):
 * - `'alpha-v4-ensemble'`: an ensemble artifact (`ensembleToBinary`), horizon 1;
 * - `'alpha-v4-horizons'`: a horizon bundle (`horizonsToBinary`), one ensemble per horizon;
 * - `'xgboost-json'` (JSON text or UBJSON), `'lightgbm-text'`, `'alpha-gbdt-binary'` (`modelToBinary`): one
 *   binary logistic tree model, served as a one-member ensemble without calibration, horizon 1.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { sha256Hex } from '../core/sha256.js';
import type { Matrix } from '../core/types.js';
import { ENSEMBLE_FORMAT } from '../ensemble/artifact/format.js';
import { ensembleFromBinary, ensembleFromBinarySync, type EnsembleLoadOptions } from '../ensemble/artifact/read.js';
import { Ensemble, type EnsemblePrediction } from '../ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError, UnsupportedModelError } from '../ensemble/errors.js';
import { checkFeatureNames } from '../ensemble/feature-names.js';
import { loadLightGBMModel } from '../ensemble/gbdt/io/lightgbm.js';
import { modelFromBinary } from '../ensemble/gbdt/io/model-binary.js';
import { utf8Decode } from '../ensemble/gbdt/io/utf8.js';
import { loadXGBoostModel } from '../ensemble/gbdt/io/xgboost.js';
import type { TreeEnsembleModel } from '../ensemble/gbdt/model.js';
import { treeMember } from '../ensemble/model.js';
import type { StoredModel } from '../store/ops/model-rows.js';
import { HORIZONS_FORMAT, horizonsFromBinary, horizonsFromBinarySync, sortHorizonModels, type HorizonModel } from './horizons.js';

/** One horizon's scores of a {@link ServableModel.predict} call, one value per row of X. */
export interface HorizonScore {
  /** Candles ahead. */
  readonly horizon: number;
  /** The members' combined probability, before calibration. */
  readonly raw: Float64Array;
  /** The calibrated probability that the close `horizon` candles ahead is above the current close. */
  readonly pUp: Float64Array;
  /**
   * Each member's probability, by member name: the members the ensemble used on every row (a member that threw,
   * or gave NaN or a value outside [0, 1] on some row, is left out, as the ensemble left it out).
   */
  readonly members: Readonly<Record<string, Float64Array>>;
}

/** A model version ready to serve: checked, decoded, predicting every horizon from one feature matrix. */
export interface ServableModel {
  /** The stored version it was loaded from. */
  readonly version: number;
  /** The columns of X, in order. */
  readonly featureNames: readonly string[];
  /** The horizons predicted, increasing. */
  readonly horizons: readonly number[];
  /** The ensemble of each horizon, in horizon order (for importance and inspection). */
  readonly models: readonly HorizonModel[];
  /** Scores of each horizon for each row of X (columns in {@link featureNames} order). */
  predict(X: Matrix): Promise<readonly HorizonScore[]>;
  /** The same scores, synchronously (`Ensemble.predictSync`: `UnsupportedModelError` when a member is ONNX). */
  predictSync(X: Matrix): readonly HorizonScore[];
  /** Releases what the members hold (ONNX sessions); the model cannot predict afterwards. */
  release(): Promise<void>;
}

/**
 * The formats {@link loadServableModel} decodes.
 *
 * @example
 * ```ts
 * SERVABLE_FORMATS.includes('alpha-v4-horizons') // => true
 * ```
 */
export const SERVABLE_FORMATS: readonly string[] = [ENSEMBLE_FORMAT, HORIZONS_FORMAT, 'xgboost-json', 'lightgbm-text', 'alpha-gbdt-binary'];

/** Options of {@link loadServableModel}. */
export interface ServableLoadOptions {
  /** How ONNX members of an ensemble are run (see `ensembleFromBinary`); needed only when a model holds one. */
  readonly onnx?: EnsembleLoadOptions['onnx'];
}

/** Where a stored model is, in messages: `BTC 15m v3`. */
function label(stored: StoredModel): string {
  return `${stored.symbol} ${stored.timeframe} v${stored.version}`;
}

/**
 * Checks that a stored model's binary is the one its row describes: `sha256Hex(binary)` must equal `checksum`.
 * The database checks it on write; a mismatch on read means the bytes changed in storage. Throws
 * `CorruptModelError` (reason `'checksum'`, code `MODEL_CORRUPT`) naming the version and both digests.
 *
 * @example
 * ```ts
 * verifyChecksum({ ...stored, checksum: '00'.repeat(32) })
 * // throws CorruptModelError: corrupt binary model (checksum): BTC 15m v3: the binary's sha256 is 5d41..., the stored checksum 0000...
 * ```
 */
export function verifyChecksum(stored: StoredModel): void {
  if (!(stored?.binary instanceof Uint8Array)) throw new InvalidParameterError('stored.binary', `expected a Uint8Array, got ${describeValue(stored?.binary)}`);
  const actual = sha256Hex(stored.binary);
  if (actual === stored.checksum) return;
  const given = typeof stored.checksum === 'string' && stored.checksum.length <= 64 ? stored.checksum : describeValue(stored.checksum);
  throw new CorruptModelError('checksum', `${label(stored)}: the binary's sha256 is ${actual}, the stored checksum ${given}`);
}

/** One horizon's scores from its ensemble's prediction: the members kept are those used on every row. */
function scoreOf(horizon: number, out: EnsemblePrediction): HorizonScore {
  const members: Record<string, Float64Array> = {};
  for (const m of out.members) if (m.status === 'ok') members[m.name] = m.probability!;
  return { horizon, raw: out.raw, pUp: out.calibrated, members };
}

/**
 * Ensembles of one feature set as a {@link ServableModel} of version `version` (the models are checked by
 * `sortHorizonModels`; a version that is not a positive integer is an `InvalidParameterError`). `predict` runs
 * every horizon's ensemble on X concurrently (see `Ensemble.predict` for the failing-member rule and its errors);
 * `predictSync` runs them one after the other with `Ensemble.predictSync` (the same scores).
 *
 * @example
 * ```ts
 * const served = servableModel(7, [{ horizon: 1, ensemble }])
 * const [score] = await served.predict(X) // X: 2 rows
 * [score.horizon, score.pUp.length]       // => [1, 2]
 * ```
 */
export function servableModel(version: number, models: readonly HorizonModel[]): ServableModel {
  if (!Number.isSafeInteger(version) || version < 1) throw new InvalidParameterError('version', `expected a positive integer, got ${describeValue(version)}`);
  const sorted = sortHorizonModels(models);
  const featureNames = sorted[0]!.ensemble.featureNames;
  return {
    version,
    featureNames,
    horizons: sorted.map((m) => m.horizon),
    models: sorted,
    async predict(X) {
      return Promise.all(sorted.map(async ({ horizon, ensemble }) => scoreOf(horizon, await ensemble.predict(X))));
    },
    predictSync(X) {
      return sorted.map(({ horizon, ensemble }) => scoreOf(horizon, ensemble.predictSync(X)));
    },
    async release() {
      await Promise.all(sorted.map((m) => m.ensemble.release()));
    },
  };
}

/** Member names of the one-tree-model formats. */
const TREE_FORMATS: Readonly<Record<string, { name: string; read: (bytes: Uint8Array) => TreeEnsembleModel }>> = {
  'xgboost-json': { name: 'xgboost', read: (bytes) => loadXGBoostModel(bytes) },
  'lightgbm-text': { name: 'lightgbm', read: (bytes) => loadLightGBMModel(utf8Decode(bytes, 0, bytes.length)) },
  'alpha-gbdt-binary': { name: 'gbdt', read: (bytes) => modelFromBinary(bytes) },
};

/**
 * A one-tree-model format as a one-member ensemble; its feature names (or count) must be the stored ones. Another
 * format is an `UnsupportedModelError` naming it and the servable ones.
 */
function treeEnsemble(stored: StoredModel): Ensemble {
  const format = Object.prototype.hasOwnProperty.call(TREE_FORMATS, stored.format) ? TREE_FORMATS[stored.format] : undefined;
  if (format === undefined) throw new UnsupportedModelError(`format ${describeValue(stored.format)}`, `${label(stored)}: a servable model is one of ${SERVABLE_FORMATS.join(', ')}`);
  const model = format.read(stored.binary);
  if (model.numClass !== 1 || (model.objective !== 'binary:logistic' && model.objective !== 'reg:logistic')) {
    throw new UnsupportedModelError(`objective ${model.objective}`, `${label(stored)}: a servable model is a binary classifier (binary:logistic or reg:logistic with one class), got ${model.objective} with ${model.numClass} class(es)`);
  }
  const names = stored.featureNames;
  if (model.featureNames !== undefined) checkFeatureNames(model.featureNames, names, 'stored.featureNames');
  else if (model.nFeatures !== names.length) throw new FeatureMismatchError(model.nFeatures, names.length, `stored.featureNames: ${names.length} name(s), the ${stored.format} model has ${model.nFeatures} feature(s)`);
  const member = treeMember(model, { name: format.name, featureNames: names });
  return new Ensemble([member], { featureNames: names, combination: { method: 'weights', weights: [1] } });
}

/**
 * Decodes a stored model by its format (see the module doc) without checking its checksum (see
 * {@link verifyChecksum}; {@link loadServableModel} does both). The stored feature names must be the decoded
 * model's, in order: `FeatureMismatchError` otherwise. Throws `UnsupportedModelError` (code `MODEL_UNSUPPORTED`)
 * for a format not in {@link SERVABLE_FORMATS}, naming it and the supported ones, or a tree model that is not a
 * binary classifier; the format's own errors (`CorruptModelError`, `ModelFormatError`) for bytes it cannot read.
 *
 * @example
 * ```ts
 * (await decodeServableModel({ ...stored, format: 'onnx' }))
 * // throws UnsupportedModelError: format onnx: BTC 15m v3: a servable model is one of alpha-v4-ensemble, alpha-v4-horizons, ...
 * ```
 */
export async function decodeServableModel(stored: StoredModel, options?: ServableLoadOptions): Promise<ServableModel> {
  const o = checkOptions(options, ['onnx'], 'options');
  const load = { featureNames: stored.featureNames, ...(o.onnx ? { onnx: o.onnx } : {}) };
  if (stored.format === ENSEMBLE_FORMAT) return servableModel(stored.version, [{ horizon: 1, ensemble: await ensembleFromBinary(stored.binary, load) }]);
  if (stored.format === HORIZONS_FORMAT) return servableModel(stored.version, await horizonsFromBinary(stored.binary, load));
  return servableModel(stored.version, [{ horizon: 1, ensemble: treeEnsemble(stored) }]);
}

/**
 * {@link decodeServableModel}, synchronously (`ensembleFromBinarySync`, `horizonsFromBinarySync`), for runtimes
 * that cannot await (plv8): the same formats, checks and errors, plus `UnsupportedModelError` for an ONNX member.
 * The model's `predictSync` then scores it. Without checking the checksum ({@link verifyChecksum}).
 *
 * @example
 * ```ts
 * const model = decodeServableModelSync(stored)
 * model.predictSync(X).map((s) => s.horizon) // => [1, 4]
 * ```
 */
export function decodeServableModelSync(stored: StoredModel): ServableModel {
  const load = { featureNames: stored.featureNames };
  if (stored.format === ENSEMBLE_FORMAT) return servableModel(stored.version, [{ horizon: 1, ensemble: ensembleFromBinarySync(stored.binary, load) }]);
  if (stored.format === HORIZONS_FORMAT) return servableModel(stored.version, horizonsFromBinarySync(stored.binary, load));
  return servableModel(stored.version, [{ horizon: 1, ensemble: treeEnsemble(stored) }]);
}

/**
 * A stored model version as a {@link ServableModel}: its checksum verified ({@link verifyChecksum}:
 * `CorruptModelError` reason `'checksum'`), then decoded by its format ({@link decodeServableModel}).
 *
 * @example
 * ```ts
 * const model = await loadServableModel(await store.loadActiveModel('BTC', '15m'))
 * const scores = await model.predict(frame.toMatrix(model.featureNames))
 * scores.map((s) => s.horizon) // => [1]
 * ```
 */
export async function loadServableModel(stored: StoredModel, options?: ServableLoadOptions): Promise<ServableModel> {
  verifyChecksum(stored);
  return decodeServableModel(stored, options);
}
