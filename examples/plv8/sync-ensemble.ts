/**
 * A synchronous ensemble for plv8, which has no event loop to settle promises on: `ensembleFromBinary` and
 * `Ensemble.predict` are asynchronous because ONNX members are, so this module decodes an ensemble artifact and
 * predicts with its tree and MLP members synchronously, by the same rules and with the library's own pieces
 * (`ensembleInfo`, `modelFromBinary`, `mlpFromBinary`, `calibratorFromJSON`, `combineRows`).
 *
 * It is the synchronous twin of `ensembleFromBinary` + `Ensemble.predict` (src/ensemble/artifact/read.ts,
 * src/ensemble/ensemble.ts); the same checks and errors, in the same order. An artifact with an ONNX member is
 * refused (`UnsupportedModelError`): plv8 has no ONNX runtime.
 *
 * @module
 */
import { calibratorFromJSON } from '../../src/calibration/serialize.js';
import { describeValue } from '../../src/core/describe.js';
import { AlphaError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/types.js';
import { ensembleInfo } from '../../src/ensemble/artifact/read.js';
import { combineRows, memberShares } from '../../src/ensemble/combine/combination.js';
import { Ensemble, type EnsemblePrediction, type MemberPrediction } from '../../src/ensemble/ensemble.js';
import { CorruptModelError, EnsembleMembersError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { checkFeatureNames, checkNameList } from '../../src/ensemble/feature-names.js';
import { modelFromBinary } from '../../src/ensemble/gbdt/io/model-binary.js';
import type { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { mlpFromBinary } from '../../src/ensemble/mlp/binary.js';
import { checkMatrix } from '../../src/ensemble/mlp/inputs.js';
import type { MLPModel } from '../../src/ensemble/mlp/model.js';
import { mlpMember, treeMember, type Model, type TreeKind } from '../../src/ensemble/model.js';

/** A model that predicts synchronously: P(y = 1) per row of X. */
export interface SyncPredictor {
  predictProba(X: Matrix): Float64Array;
}

/**
 * An ensemble with synchronous members: `ensemble` is the library's `Ensemble` built from the same members (its
 * constructor checked names, widths and the combination; it holds them for inspection), `predictors[k]` computes
 * member k synchronously.
 */
export interface SyncEnsemble {
  readonly ensemble: Ensemble;
  readonly predictors: readonly SyncPredictor[];
}

/** Offset of the header length in an ensemble artifact (after magic, version, reserved and total length). */
const HEADER_LENGTH_AT = 12;

/**
 * A tree model or an MLP as an ensemble member and its synchronous predictor.
 *
 * @example
 * ```ts
 * const { member, predictor } = syncMember(model, 'depthwise', 'gbdt-depthwise')
 * predictor.predictProba(X).length // => X.rows
 * ```
 */
export function syncMember(model: TreeEnsembleModel | MLPModel, name: string, kind: TreeKind | 'mlp', featureNames?: readonly string[]): { member: Model; predictor: SyncPredictor } {
  const names = featureNames === undefined ? {} : { featureNames };
  const member = kind === 'mlp' ? mlpMember(model as MLPModel, { name, ...names }) : treeMember(model as TreeEnsembleModel, { name, kind, ...names });
  return { member, predictor: model };
}

/**
 * The ensemble in an artifact written by `ensembleToBinary`, decoded synchronously. Checks, in the order of
 * `ensembleFromBinary`: the feature names given (`InvalidParameterError`); the bytes (`CorruptModelError`
 * `'truncated'`, `'checksum'`, `'layout'`, ...); the feature names against the artifact's (`FeatureMismatchError`);
 * the calibrator (`CorruptModelError` `'layout'`); each member's bytes. An ONNX member is an
 * `UnsupportedModelError` naming it.
 *
 * @example
 * ```ts
 * const e = syncEnsembleFromBinary(bytes, featureNames)
 * predictSync(e, { rows: 1, cols: featureNames.length, data: row }).calibrated[0] // => the same value as (await ensemble.predict(X)).calibrated[0]
 * ```
 */
export function syncEnsembleFromBinary(bytes: Uint8Array, featureNames: readonly string[]): SyncEnsemble {
  const given = checkNameList(featureNames, 'options.featureNames');
  const header = ensembleInfo(bytes);
  checkFeatureNames(header.featureNames, given, 'options.featureNames');
  let calibrator;
  try {
    calibrator = header.calibrator === null ? undefined : calibratorFromJSON(header.calibrator);
  } catch (e) {
    throw new CorruptModelError('layout', `ensemble header calibrator: ${e instanceof AlphaError ? e.message : String(e)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = HEADER_LENGTH_AT + 4 + view.getUint32(HEADER_LENGTH_AT, true);
  const decoded = header.members.map(({ name, kind, bytes: length }) => {
    const part = bytes.slice(at, at + length);
    at += length;
    if (kind === 'onnx') throw new UnsupportedModelError(`ONNX member ${name}`, `plv8 has no ONNX runtime: the ensemble's member ${name} is an ONNX model; serve this model from Node or an Edge Function`);
    return kind === 'mlp' ? syncMember(mlpFromBinary(part), name, 'mlp') : syncMember(modelFromBinary(part), name, kind as TreeKind);
  });
  const ensemble = new Ensemble(decoded.map((d) => d.member), {
    featureNames: header.featureNames,
    combination: header.combination,
    minShare: header.minShare,
    ...(calibrator ? { calibrator } : {}),
    ...(header.window ? { window: header.window } : {}),
    ...(header.report ? { report: header.report } : {}),
  });
  return { ensemble, predictors: decoded.map((d) => d.predictor) };
}

/** One member's output, or why it failed: a throw, or not one Float64Array value per row (as `Ensemble.predict`'s `run`). */
function run(predictor: SyncPredictor, X: Matrix): { probability?: Float64Array; error?: string } {
  try {
    const p: unknown = predictor.predictProba(X);
    if (!(p instanceof Float64Array) || p.length !== X.rows) return { error: `returned ${describeValue(p)} for ${X.rows} row(s)` };
    return { probability: p };
  } catch (e) {
    return { error: e instanceof AlphaError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e) };
  }
}

/** The rows where p is NaN or outside [0, 1]: how many, and the first. */
function invalidRows(p: Float64Array): { count: number; first: number } {
  let count = 0, first = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! >= 0 && p[i]! <= 1) continue;
    if (count++ === 0) first = i;
  }
  return { count, first };
}

/**
 * `Ensemble.predict`, synchronously: P(y = 1) per row of X (columns in the ensemble's feature order; another width
 * is a `FeatureMismatchError`), with the failing-member rule: a member that throws, or does not return one value per
 * row, is `'failed'` and left out of every row; a value NaN or outside [0, 1] leaves that member out of that row
 * (`'invalid'`); the others' weights are renormalised (`combineRows`); when the members left on a row hold less than
 * `minShare` of the combination, `EnsembleMembersError` naming the row and each member left out. The calibrated
 * probability is the calibrator's transform of the combined one (equal to it without a calibrator).
 *
 * @example
 * ```ts
 * // weights [0.6, 0.4]; the members say 0.7 and 0.4
 * const out = predictSync(e, row)
 * [out.raw[0], out.members.map((m) => m.status)] // => [0.5800000000000001, ['ok', 'ok']]
 * ```
 */
export function predictSync(e: SyncEnsemble, X: Matrix): EnsemblePrediction {
  const { ensemble } = e;
  checkMatrix(X, 'X', ensemble.featureNames.length);
  const shares = memberShares(ensemble.combination);
  const results = e.predictors.map((p) => run(p, X));
  const members = results.map((r, k): MemberPrediction => {
    const base = { name: ensemble.members[k]!.name, kind: ensemble.members[k]!.kind, share: shares[k]!, probability: r.probability };
    if (r.probability === undefined) return { ...base, status: 'failed', excludedRows: X.rows, error: r.error! };
    const bad = invalidRows(r.probability);
    if (bad.count === 0) return { ...base, status: 'ok', excludedRows: 0 };
    return { ...base, status: 'invalid', excludedRows: bad.count, error: `row ${bad.first} is ${r.probability[bad.first]} (${bad.count} row(s) NaN or outside [0, 1])` };
  });
  const { probability: raw, share } = combineRows(ensemble.combination, results.map((r) => r.probability), X.rows);
  const short = share.findIndex((s) => !(s >= ensemble.minShare - 1e-12));
  if (short >= 0) {
    const out = members.filter((m) => m.status !== 'ok').map((m) => `${m.name} (share ${m.share}): ${m.error}`);
    throw new EnsembleMembersError(short, share[short]!, members, `ensemble: row ${short}: the members left hold ${share[short]} of the combination, less than minShare ${ensemble.minShare}; left out: ${out.join('; ')}`);
  }
  const calibrated = ensemble.calibrator ? ensemble.calibrator.transform(raw) : raw.slice();
  return { members, raw, calibrated, share };
}
