/**
 * A stored model version decoded and scored synchronously (plv8): the twin of `decodeServableModel` and of the
 * registry's `attempt` (src/pipeline/model-codec.ts, registry-state.ts), over {@link syncEnsembleFromBinary}. The
 * same formats (`SERVABLE_FORMATS`), the same checks and errors, the same failure kinds.
 *
 * @module
 */
import { describeValue } from '../../src/core/describe.js';
import { AlphaError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/types.js';
import { ENSEMBLE_FORMAT } from '../../src/ensemble/artifact/format.js';
import { Ensemble } from '../../src/ensemble/ensemble.js';
import { CorruptModelError, EnsembleMembersError, FeatureMismatchError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { checkFeatureNames, checkNameList } from '../../src/ensemble/feature-names.js';
import { openSealed } from '../../src/ensemble/gbdt/io/sealed.js';
import { loadLightGBMModel } from '../../src/ensemble/gbdt/io/lightgbm.js';
import { modelFromBinary } from '../../src/ensemble/gbdt/io/model-binary.js';
import { utf8Decode } from '../../src/ensemble/gbdt/io/utf8.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import type { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { treeKind } from '../../src/ensemble/model.js';
import { HORIZONS_BINARY_MAGIC, HORIZONS_BINARY_VERSION, HORIZONS_FORMAT, sortHorizonModels } from '../../src/pipeline/horizons.js';
import type { HorizonScore } from '../../src/pipeline/model-codec.js';
import { SERVABLE_FORMATS } from '../../src/pipeline/model-codec.js';
import { errorText, type Failure } from '../../src/pipeline/registry-state.js';
import type { StoredModel } from '../../src/store/ops/model-rows.js';
import { predictSync, syncEnsembleFromBinary, syncMember, type SyncEnsemble } from './sync-ensemble.js';

/** One horizon's synchronous ensemble. */
export interface SyncHorizonModel {
  readonly horizon: number;
  readonly model: SyncEnsemble;
}

/** A stored version ready to score synchronously (the synchronous `ServableModel`). */
export interface SyncServable {
  readonly version: number;
  /** The columns of X, in order. */
  readonly featureNames: readonly string[];
  /** The horizons predicted, increasing. */
  readonly horizons: readonly number[];
  /** Scores of each horizon for each row of X, as `ServableModel.predict` gives them. */
  predict(X: Matrix): HorizonScore[];
}

/** A failure of a version: the model-event kind and the message. */
export type SyncFailure = Pick<Failure, 'kind' | 'message'>;

function layout(message: string): never {
  throw new CorruptModelError('layout', `horizon bundle: ${message}`);
}

/** The header and each artifact's bytes of a horizon bundle (the layout of src/pipeline/horizons.ts), every count checked. */
function parseHorizons(bytes: Uint8Array): { horizons: number[]; featureNames: string[]; parts: Uint8Array[] } {
  const r = openSealed(bytes, { magic: HORIZONS_BINARY_MAGIC, version: HORIZONS_BINARY_VERSION, name: 'a horizon bundle', crc: 'tail' });
  const K = r.count(r.u32(), 8, 'horizons');
  if (K === 0) layout('no horizons');
  const horizons: number[] = [];
  for (let k = 0; k < K; k++) {
    const h = r.u32();
    if (h < 1) layout(`horizons[${k}] is 0, a horizon is at least 1`);
    const earlier = horizons.indexOf(h);
    if (earlier >= 0) layout(`horizon ${h} appears twice (positions ${earlier} and ${k})`);
    if (k > 0 && h < horizons[k - 1]!) layout(`horizons are not increasing: ${horizons[k - 1]} then ${h} at position ${k}`);
    horizons.push(h);
  }
  const lengths = horizons.map((h) => r.count(r.u32(), 1, `artifact length of horizon ${h}`));
  const F = r.count(r.u32(), 1, 'feature names length');
  const at = r.take(F);
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(r.bytes, at, at + F));
  } catch {
    return layout('the feature names are not JSON');
  }
  let featureNames: string[];
  try {
    featureNames = checkNameList(json as string[], 'featureNames');
  } catch (e) {
    return layout(e instanceof AlphaError ? e.message : String(e));
  }
  const sum = lengths.reduce((s, n) => s + n, 0);
  if (sum !== r.remaining) layout(`the artifacts' lengths add up to ${sum} bytes, the bundle holds ${r.remaining}`);
  const parts = lengths.map((n) => {
    const p = r.take(n);
    return r.bytes.subarray(p, p + n);
  });
  return { horizons, featureNames, parts };
}

/**
 * The ensembles of a horizon bundle (`horizonsToBinary`), decoded synchronously, in increasing horizon order: the
 * checks and errors of `horizonsFromBinary` (a horizon's faults are `CorruptModelError`s naming it).
 *
 * @example
 * ```ts
 * syncHorizonsFromBinary(bytes, featureNames).map((m) => m.horizon) // => [1, 4]
 * ```
 */
export function syncHorizonsFromBinary(bytes: Uint8Array, featureNames: readonly string[]): SyncHorizonModel[] {
  const given = checkNameList(featureNames, 'options.featureNames');
  const { horizons, featureNames: names, parts } = parseHorizons(bytes);
  checkFeatureNames(names, given, 'options.featureNames');
  return horizons.map((horizon, k) => {
    try {
      return { horizon, model: syncEnsembleFromBinary(parts[k]!, names) };
    } catch (e) {
      if (e instanceof CorruptModelError) throw new CorruptModelError(e.reason, `horizon ${horizon}: ${e.message}`);
      if (e instanceof FeatureMismatchError) layout(`horizon ${horizon}: its ensemble's feature names are not the bundle's: ${e.message}`);
      throw e;
    }
  });
}

/** Where a stored model is, in messages: `BTC 15m v3`. */
function label(stored: StoredModel): string {
  return `${stored.symbol} ${stored.timeframe} v${stored.version}`;
}

/** The one-tree-model formats: member name and reader. */
const TREE_FORMATS: Readonly<Record<string, { name: string; read: (bytes: Uint8Array) => TreeEnsembleModel }>> = {
  'xgboost-json': { name: 'xgboost', read: (bytes) => loadXGBoostModel(bytes) },
  'lightgbm-text': { name: 'lightgbm', read: (bytes) => loadLightGBMModel(utf8Decode(bytes, 0, bytes.length)) },
  'alpha-gbdt-binary': { name: 'gbdt', read: (bytes) => modelFromBinary(bytes) },
};

/** A one-tree-model format as a one-member ensemble (the rules of `decodeServableModel`). */
function treeEnsemble(stored: StoredModel, format: { name: string; read: (bytes: Uint8Array) => TreeEnsembleModel }): SyncEnsemble {
  const model = format.read(stored.binary);
  if (model.numClass !== 1 || (model.objective !== 'binary:logistic' && model.objective !== 'reg:logistic')) {
    throw new UnsupportedModelError(`objective ${model.objective}`, `${label(stored)}: a servable model is a binary classifier (binary:logistic or reg:logistic with one class), got ${model.objective} with ${model.numClass} class(es)`);
  }
  const names = stored.featureNames;
  if (model.featureNames !== undefined) checkFeatureNames(model.featureNames, names, 'stored.featureNames');
  else if (model.nFeatures !== names.length) throw new FeatureMismatchError(model.nFeatures, names.length, `stored.featureNames: ${names.length} name(s), the ${stored.format} model has ${model.nFeatures} feature(s)`);
  const { member, predictor } = syncMember(model, format.name, treeKind(model), names);
  return { ensemble: new Ensemble([member], { featureNames: names, combination: { method: 'weights', weights: [1] } }), predictors: [predictor] };
}

/**
 * Decodes a stored model synchronously by its format, without checking its checksum (`verifyChecksum` does):
 * `decodeServableModel`'s formats, checks and errors (`UnsupportedModelError` for another format, naming the
 * supported ones), plus `UnsupportedModelError` for an ONNX member.
 *
 * @example
 * ```ts
 * const model = decodeSync(stored)
 * model.predict({ rows: 1, cols: row.length, data: row }).map((s) => s.horizon) // => [1, 4]
 * ```
 */
export function decodeSync(stored: StoredModel): SyncServable {
  let models: SyncHorizonModel[];
  if (stored.format === ENSEMBLE_FORMAT) models = [{ horizon: 1, model: syncEnsembleFromBinary(stored.binary, stored.featureNames) }];
  else if (stored.format === HORIZONS_FORMAT) models = syncHorizonsFromBinary(stored.binary, stored.featureNames);
  else {
    const tree = Object.prototype.hasOwnProperty.call(TREE_FORMATS, stored.format) ? TREE_FORMATS[stored.format] : undefined;
    if (tree === undefined) throw new UnsupportedModelError(`format ${describeValue(stored.format)}`, `${label(stored)}: a servable model is one of ${SERVABLE_FORMATS.join(', ')}`);
    models = [{ horizon: 1, model: treeEnsemble(stored, tree) }];
  }
  // The library's check of the horizons and their shared feature names.
  const sorted = sortHorizonModels(models.map((m) => ({ horizon: m.horizon, ensemble: m.model.ensemble })));
  const byHorizon = new Map(models.map((m) => [m.horizon, m.model]));
  return {
    version: stored.version,
    featureNames: sorted[0]!.ensemble.featureNames,
    horizons: sorted.map((m) => m.horizon),
    predict(X) {
      return sorted.map(({ horizon }): HorizonScore => {
        const out = predictSync(byHorizon.get(horizon)!, X);
        const members: Record<string, Float64Array> = {};
        for (const m of out.members) if (m.status === 'ok') members[m.name] = m.probability!;
        return { horizon, raw: out.raw, pUp: out.calibrated, members };
      });
    },
  };
}

/** What is wrong with the scores (another shape, or a raw or calibrated value that is not in [0, 1]), or undefined. */
function badOutput(scores: readonly HorizonScore[], horizons: readonly number[], rows: number): string | undefined {
  for (const [k, s] of scores.entries()) {
    for (const field of ['raw', 'pUp'] as const) {
      const values = s[field];
      if (!(values instanceof Float64Array) || values.length !== rows) return `horizon ${horizons[k]}: ${field} is not ${rows} value(s)`;
      const i = values.findIndex((p) => !(p >= 0 && p <= 1));
      if (i >= 0) return `horizon ${horizons[k]}: ${field}[${i}] is ${values[i]}, not a probability`;
    }
  }
  return undefined;
}

/**
 * Scores a model on X and checks the scores, as the registry's `attempt`: a throw is a `'prediction_error'` (a
 * `'nan_output'` when it is the ensemble refusing rows whose members gave only NaN or values outside [0, 1]);
 * scores with a raw or calibrated value that is not a number in [0, 1] are a `'nan_output'`.
 *
 * @example
 * ```ts
 * const outcome = attemptSync(model, X)
 * 'scores' in outcome ? outcome.scores[0].pUp[0] : outcome.failure.kind // => 0.53... or 'prediction_error'
 * ```
 */
export function attemptSync(model: SyncServable, X: Matrix): { scores: HorizonScore[] } | { failure: SyncFailure } {
  let scores: HorizonScore[];
  try {
    scores = model.predict(X);
  } catch (e) {
    const invalid = e instanceof EnsembleMembersError && e.members.every((m) => m.status !== 'failed');
    return { failure: { kind: invalid ? 'nan_output' : 'prediction_error', message: errorText(e) } };
  }
  const bad = badOutput(scores, model.horizons, X.rows);
  return bad === undefined ? { scores } : { failure: { kind: 'nan_output', message: bad } };
}
