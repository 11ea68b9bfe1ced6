/**
 * {@link Ensemble}: members behind the one {@link Model} interface, a fitted combination and an optional
 * calibrator, predicting with the failing-member rule: asynchronously (`predict`, every member), or synchronously
 * (`predictSync`, members that can: trees and MLPs) by the same combination code.
 *
 * @module
 */
import type { Calibrator } from '../calibration/calibrator.js';
import { describeValue } from '../core/describe.js';
import { AlphaError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Matrix } from '../core/types.js';
import { checkCombination, combineRows, memberShares, type Combination } from './combine/combination.js';
import { EnsembleMembersError, FeatureMismatchError, UnsupportedModelError } from './errors.js';
import { checkFeatureNames, checkNameList } from './feature-names.js';
import type { EnsembleReport } from './metrics.js';
import { checkMatrix } from './mlp/inputs.js';
import type { Model, ModelKind } from './model.js';

/** The first and last time (epoch ms) of the rows the members were fitted on. */
export interface TrainingWindow {
  readonly first: number;
  readonly last: number;
}

/** Options of the {@link Ensemble} constructor. */
export interface EnsembleOptions {
  /** The feature names in column order; every member's names (when it has them) must be these. */
  readonly featureNames: readonly string[];
  /** How the members' probabilities are combined (one weight or coefficient per member, in member order). */
  readonly combination: Combination;
  /** Applied to the combined probability; none: the calibrated output equals the raw one. */
  readonly calibrator?: Calibrator;
  /** Least share of the combination the available members must hold on a row (see `predict`), in (0, 1]. Default 0.5. */
  readonly minShare?: number;
  /** The training window, recorded in the artifact. */
  readonly window?: TrainingWindow;
  /** The out-of-fold report of training, recorded in the artifact. */
  readonly report?: EnsembleReport;
}

/** How a member fared in one `predict` call. */
export type MemberStatus = 'ok' | 'failed' | 'invalid';

/** One member's part of an {@link EnsemblePrediction}. */
export interface MemberPrediction {
  readonly name: string;
  readonly kind: ModelKind;
  /** Its share of the combination (weight, or |coefficient| share for stacking). */
  readonly share: number;
  /** `'ok'`; `'failed'` (threw, or did not return one value per row: left out of every row); `'invalid'` (some rows NaN or outside [0, 1]: left out of those rows). */
  readonly status: MemberStatus;
  /** What it returned, as returned (undefined when it failed). */
  readonly probability: Float64Array | undefined;
  /** Rows it was left out of. */
  readonly excludedRows: number;
  /** Why, when it was left out anywhere. */
  readonly error?: string;
}

/** The result of `Ensemble.predict`. */
export interface EnsemblePrediction {
  readonly members: readonly MemberPrediction[];
  /** The combined probability before calibration. */
  readonly raw: Float64Array;
  /** The calibrated probability (equal to `raw` without a calibrator). */
  readonly calibrated: Float64Array;
  /** Per row, the share of the combination the available members held (1 when every member was). */
  readonly share: Float64Array;
}

const OPTIONS = ['featureNames', 'combination', 'calibrator', 'minShare', 'window', 'report'];

/** What one member gave: one probability per row, or why it failed. */
interface MemberOutcome {
  readonly probability?: Float64Array;
  readonly error?: string;
}

/** A member's result: a malformed one (not a Float64Array of one value per row) is a failure. */
function received(p: unknown, rows: number): MemberOutcome {
  if (!(p instanceof Float64Array) || p.length !== rows) return { error: `returned ${describeValue(p)} for ${rows} row(s)` };
  return { probability: p };
}

/** A member's throw as a failure, reported, never averaged in. */
function thrown(e: unknown): MemberOutcome {
  return { error: e instanceof AlphaError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e) };
}

/** Calls one member asynchronously. */
async function run(member: Model, X: Matrix): Promise<MemberOutcome> {
  try {
    return received(await member.predictProba(X), X.rows);
  } catch (e) {
    return thrown(e);
  }
}

/** Calls one member synchronously (it has `predictProbaSync`). */
function runSync(member: Model, X: Matrix): MemberOutcome {
  try {
    return received(member.predictProbaSync!(X), X.rows);
  } catch (e) {
    return thrown(e);
  }
}

function invalidRows(p: Float64Array): { count: number; first: number } {
  let count = 0, first = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! >= 0 && p[i]! <= 1) continue;
    if (count++ === 0) first = i;
  }
  return { count, first };
}

/**
 * A calibrated ensemble of binary classifiers. Built by `trainEnsemble`, by `ensembleFromBinary`, or here from
 * members trained elsewhere (loaded XGBoost and LightGBM models, an MLP, ONNX models) and a combination.
 *
 * Throws `InvalidParameterError` for no members, duplicate member names, a combination that does not fit the
 * members, a bad option or unknown option key, and `FeatureMismatchError` when a member's feature names (or width)
 * are not the ensemble's, saying which names differ.
 *
 * @example
 * ```ts
 * const ensemble = new Ensemble([treeMember(xgb, { name: 'xgb' }), mlpMember(mlp, { name: 'mlp' })], {
 *   featureNames, combination: { method: 'weights', weights: [0.6, 0.4] }, calibrator: fitCalibrator('beta', oof, y),
 * })
 * const { raw, members } = await ensemble.predict(row) // the members say 0.7 and 0.4
 * [raw[0], members.map((m) => m.status)]               // => [0.5800000000000001, ['ok', 'ok']] (0.6 * 0.7 + 0.4 * 0.4)
 * ```
 */
export class Ensemble {
  readonly members: readonly Model[];
  readonly featureNames: readonly string[];
  readonly combination: Combination;
  readonly calibrator: Calibrator | undefined;
  readonly minShare: number;
  readonly window: TrainingWindow | undefined;
  readonly report: EnsembleReport | undefined;

  constructor(members: readonly Model[], options: EnsembleOptions) {
    const o = checkOptions(options, OPTIONS);
    if (!Array.isArray(members) || members.length === 0) throw new InvalidParameterError('members', `expected a non-empty array of members, got ${describeValue(members)}`);
    checkNameList(members.map((m) => m?.name), 'members[].name');
    this.featureNames = checkNameList(o.featureNames, 'options.featureNames');
    members.forEach((m, k) => {
      const where = `members[${k}] (${m.name})`;
      if (m.featureNames !== undefined) checkFeatureNames(this.featureNames, m.featureNames, `${where}.featureNames`);
      else if (m.nFeatures !== undefined && m.nFeatures !== this.featureNames.length) {
        throw new FeatureMismatchError(m.nFeatures, this.featureNames.length, `${where} has ${m.nFeatures} features, the ensemble ${this.featureNames.length}`);
      }
    });
    this.members = [...members];
    this.combination = checkCombination(o.combination, members.length, (field, message) => {
      throw new InvalidParameterError(`options.combination${field}`, message);
    });
    const minShare = o.minShare ?? 0.5;
    if (typeof minShare !== 'number' || !(minShare > 0 && minShare <= 1)) throw new InvalidParameterError('options.minShare', `must be in (0, 1], got ${describeValue(minShare)}`);
    this.minShare = minShare;
    if (o.calibrator !== undefined && (typeof o.calibrator?.transform !== 'function' || typeof o.calibrator.toJSON !== 'function')) {
      throw new InvalidParameterError('options.calibrator', `expected a Calibrator (fitCalibrator, calibratorFromJSON), got ${describeValue(o.calibrator)}`);
    }
    this.calibrator = o.calibrator;
    this.window = o.window;
    this.report = o.report;
  }

  /**
   * Predicts P(y = 1) for each row of X (columns in {@link featureNames} order; another width throws
   * `FeatureMismatchError`). Every member is awaited; they run concurrently (ONNX sessions compute in parallel).
   *
   * The failing-member rule: a member that throws, or does not return one value per row, is `'failed'` and left out
   * of every row; a value that is NaN or outside [0, 1] leaves that member out of that row (`'invalid'`). The
   * others' weights are renormalised (see `combineRows`); a missing member is never read as 0.5. When the members
   * left on a row hold less than `minShare` of the combination, the prediction fails with `EnsembleMembersError`, naming
   * the row and each member left out and why. Each member's output and status is reported.
   *
   * @example
   * ```ts
   * // weights [0.5, 0.3, 0.2]; the members say 0.2, throw, and 0.6
   * const out = await ensemble.predict(row)
   * out.members.map((m) => m.status) // => ['ok', 'failed', 'ok']
   * [out.raw[0], out.share[0]]       // => [0.31428571428571433, 0.7] ((0.5 * 0.2 + 0.2 * 0.6) / 0.7)
   * ```
   */
  async predict(X: Matrix): Promise<EnsemblePrediction> {
    checkMatrix(X, 'X', this.featureNames.length);
    return this.combine(X, await Promise.all(this.members.map((m) => run(m, X))));
  }

  /**
   * {@link predict}, synchronously, for runtimes that cannot await (plv8): the same checks, the same failing-member
   * rule, combination and calibration (the same code), hence the same values bit for bit. Every member must predict
   * synchronously (`Model.predictProbaSync`: tree and MLP members do); otherwise `UnsupportedModelError` (code
   * `MODEL_UNSUPPORTED`) naming each member that predicts only asynchronously (ONNX), before any member runs.
   *
   * @example
   * ```ts
   * // weights [0.6, 0.4]; the members say 0.7 and 0.4
   * ensemble.predictSync(row).raw[0] // => 0.5800000000000001, as (await ensemble.predict(row)).raw[0]
   * withOnnx.predictSync(row)        // throws UnsupportedModelError: synchronous prediction: member onnx (onnx) predicts only asynchronously: use predict
   * ```
   */
  predictSync(X: Matrix): EnsemblePrediction {
    checkMatrix(X, 'X', this.featureNames.length);
    const asyncOnly = this.members.filter((m) => typeof m.predictProbaSync !== 'function').map((m) => `${m.name} (${m.kind})`);
    if (asyncOnly.length > 0) {
      throw new UnsupportedModelError('synchronous prediction', `member${asyncOnly.length > 1 ? 's' : ''} ${asyncOnly.join(', ')} ${asyncOnly.length > 1 ? 'predict' : 'predicts'} only asynchronously: use predict`);
    }
    return this.combine(X, this.members.map((m) => runSync(m, X)));
  }

  /** The members' outcomes combined: each member's status, the renormalised combination, the minShare rule, calibration. */
  private combine(X: Matrix, results: readonly MemberOutcome[]): EnsemblePrediction {
    const shares = memberShares(this.combination);
    const members = results.map((r, k): MemberPrediction => {
      const base = { name: this.members[k]!.name, kind: this.members[k]!.kind, share: shares[k]!, probability: r.probability };
      if (r.probability === undefined) return { ...base, status: 'failed', excludedRows: X.rows, error: r.error! };
      const bad = invalidRows(r.probability);
      if (bad.count === 0) return { ...base, status: 'ok', excludedRows: 0 };
      return { ...base, status: 'invalid', excludedRows: bad.count, error: `row ${bad.first} is ${r.probability[bad.first]} (${bad.count} row(s) NaN or outside [0, 1])` };
    });
    const { probability: raw, share } = combineRows(this.combination, results.map((r) => r.probability), X.rows);
    const short = share.findIndex((s) => !(s >= this.minShare - 1e-12));
    if (short >= 0) {
      const out = members.filter((m) => m.status !== 'ok').map((m) => `${m.name} (share ${m.share}): ${m.error}`);
      throw new EnsembleMembersError(short, share[short]!, members, `ensemble: row ${short}: the members left hold ${share[short]} of the combination, less than minShare ${this.minShare}; left out: ${out.join('; ')}`);
    }
    const calibrated = this.calibrator ? this.calibrator.transform(raw) : raw.slice();
    return { members, raw, calibrated, share };
  }

  /**
   * Releases every member that holds resources (ONNX sessions). The ensemble cannot predict afterwards.
   *
   * @example
   * ```ts
   * await ensemble.release() // => undefined
   * ```
   */
  async release(): Promise<void> {
    await Promise.all(this.members.map((m) => m.release?.()));
  }
}
