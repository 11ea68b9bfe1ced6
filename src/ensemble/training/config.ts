/**
 * The configuration of `trainEnsemble`: members (by stage, or listed), walk-forward folds, the combination, the
 * calibration and the seed; defaults and validation.
 *
 * @module
 */
import type { CalibrationMethod } from '../../calibration/calibrator.js';
import { CALIBRATION_METHODS } from '../../calibration/fit.js';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { CombineMethod } from '../combine/combination.js';
import { GBDT_PARAM_ALIASES, resolveGBDTParams, type GBDTParams } from '../gbdt/train/params.js';
import { resolveMLPParams, type MLPParams } from '../mlp/params.js';

/** A tree member: depth-wise (XGBoost-style) or leaf-wise (LightGBM-style) growth, with `trainGBDT` parameters. */
export interface TreeMemberSpec {
  readonly name: string;
  readonly kind: 'gbdt-depthwise' | 'gbdt-leafwise';
  /** `trainGBDT` parameters; the growth policy comes from `kind`; feature names, weights and evaluation sets are set by the trainer. */
  readonly params?: GBDTParams;
}

/** The MLP member, with `trainMLP` parameters. */
export interface MLPMemberSpec {
  readonly name: string;
  readonly kind: 'mlp';
  /** `trainMLP` parameters (binary objective); feature names and evaluation sets are set by the trainer. */
  readonly params?: MLPParams;
}

/** A member `trainEnsemble` trains. */
export type MemberSpec = TreeMemberSpec | MLPMemberSpec;

/** The stages of the system: trees only, then the MLP added. */
export type EnsembleStage = 'trees' | 'trees+mlp';

/** Walk-forward folds (see `walkForwardSplits`; `n` and `t1` come from the dataset). */
export interface WalkForwardConfig {
  /** Rows of the first training window. Default floor(n / 2). */
  readonly trainSize?: number;
  /** Rows of each test window. Default max(1, floor((n - trainSize) / 5)): five folds. */
  readonly testSize?: number;
  /** Rows between test windows, >= testSize (a row is out of fold once). Default testSize. */
  readonly step?: number;
  /** Default 'expanding'. */
  readonly mode?: 'expanding' | 'rolling';
}

/** Options of `trainEnsemble`. An unknown key is an error. */
export interface EnsembleConfig {
  /** The members of a stage (default 'trees'). Not with `members`. */
  readonly stage?: EnsembleStage;
  /** The members, listed (names distinct). Not with `stage`. */
  readonly members?: readonly MemberSpec[];
  /** The walk-forward folds of the out-of-fold predictions. */
  readonly split?: WalkForwardConfig;
  /** Simplex weights (default) or logistic stacking. */
  readonly combine?: CombineMethod;
  /** L2 penalty on the stacking coefficients, >= 0. Default 1e-4. */
  readonly stackingL2?: number;
  /** The calibration method, or 'none'. Default 'beta' (members output probabilities: see docs/calibration.md). */
  readonly calibration?: CalibrationMethod | 'none';
  /** The ensemble's `minShare` (failing-member rule), in (0, 1]. Default 0.5. */
  readonly minShare?: number;
  /** Seed of every member (member k gets seed + k unless its params set one). Default 0. */
  readonly seed?: number;
}

/** The depth-wise member of the 'trees' stage (XGBoost-style): depth 6, eta 0.05, 300 rounds, 80% row and column sampling. */
const DEPTHWISE: TreeMemberSpec = { name: 'xgboost', kind: 'gbdt-depthwise', params: { maxDepth: 6, learningRate: 0.05, nEstimators: 300, subsample: 0.8, colsampleBytree: 0.8 } };
/** The leaf-wise member (LightGBM-style): 31 leaves, 20 rows a leaf, eta 0.05, 300 rounds, 80% sampling. */
const LEAFWISE: TreeMemberSpec = { name: 'lightgbm', kind: 'gbdt-leafwise', params: { numLeaves: 31, minDataInLeaf: 20, learningRate: 0.05, nEstimators: 300, subsample: 0.8, colsampleBytree: 0.8 } };
/** The MLP member: `trainMLP`'s defaults (256-128-64-32, batch 2048, AdamW, early stopping on the last 10%). */
const MLP: MLPMemberSpec = { name: 'mlp', kind: 'mlp', params: {} };

/**
 * The members of each stage, with their default parameters.
 *
 * @example
 * ```ts
 * ENSEMBLE_STAGES['trees+mlp'].map((m) => m.name) // => ['xgboost', 'lightgbm', 'mlp']
 * ```
 */
export const ENSEMBLE_STAGES: Readonly<Record<EnsembleStage, readonly MemberSpec[]>> = { trees: [DEPTHWISE, LEAFWISE], 'trees+mlp': [DEPTHWISE, LEAFWISE, MLP] };

/** A member ready to train: its spec and the full parameters (seed and growth policy set). */
export interface ResolvedMember {
  readonly spec: MemberSpec;
  readonly params: GBDTParams | MLPParams;
}

/** The configuration after defaults. */
export interface ResolvedConfig {
  readonly members: readonly ResolvedMember[];
  readonly split: Required<WalkForwardConfig>;
  readonly combine: CombineMethod;
  readonly stackingL2: number;
  readonly calibration: CalibrationMethod | 'none';
  readonly minShare: number;
}

const TRAINER_SET_GBDT = ['featureNames', 'evalSet', 'earlyStoppingRounds', 'weight'];
const TRAINER_SET_MLP = ['featureNames', 'evalSet'];

/** Runs `resolve`, naming the member in an `InvalidParameterError` it throws (`config.members[k].params.<name>`). */
function within<T>(where: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (!(e instanceof InvalidParameterError)) throw e;
    const name = e.parameter.startsWith('params.') ? e.parameter : `params.${e.parameter}`;
    throw new InvalidParameterError(`${where}.${name}`, e.message.slice(e.parameter.length + 2), { value: e.value });
  }
}

/** A member's parameters: an object ({} when absent). */
function paramsOf<P extends object>(spec: { readonly params?: P }, where: string): P {
  const params = spec.params ?? ({} as P);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new InvalidParameterError(`${where}.params`, `expected an object, got ${describeValue(params)}`);
  return params;
}

/** GBDT parameters under their camelCase names, the member's growth policy and seed set; checked by resolveGBDTParams. */
function treeParams(spec: TreeMemberSpec, where: string, seed: number): GBDTParams {
  const given = paramsOf(spec, where);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const name = GBDT_PARAM_ALIASES[key] ?? key;
    if (TRAINER_SET_GBDT.includes(name)) throw new InvalidParameterError(`${where}.params.${key}`, 'is set by trainEnsemble');
    if (name in out) throw new InvalidParameterError(`${where}.params.${key}`, `given twice (as ${name} and an alias)`);
    out[name] = value;
  }
  const policy = spec.kind === 'gbdt-leafwise' ? 'leafwise' : 'depthwise';
  const resolved = within(where, () => resolveGBDTParams({ ...out, growPolicy: out.growPolicy ?? policy, seed: out.seed ?? seed }));
  if (resolved.growPolicy !== policy) throw new InvalidParameterError(`${where}.params.growPolicy`, `a ${spec.kind} member grows ${policy}, got ${describeValue(out.growPolicy)}`);
  if (resolved.objective !== 'binary:logistic') throw new InvalidParameterError(`${where}.params.objective`, `an ensemble member is a binary classifier, got ${describeValue(out.objective)}`);
  return { ...out, growPolicy: policy, seed: resolved.seed } as GBDTParams;
}

function mlpParams(spec: MLPMemberSpec, where: string, seed: number): MLPParams {
  const params = paramsOf(spec, where);
  for (const key of TRAINER_SET_MLP) if (key in params) throw new InvalidParameterError(`${where}.params.${key}`, 'is set by trainEnsemble');
  const full = { ...params, seed: params.seed ?? seed };
  if (within(where, () => resolveMLPParams(full)).objective !== 'binary') throw new InvalidParameterError(`${where}.params.objective`, `an ensemble member is a binary classifier, got ${describeValue(params.objective)}`);
  return full;
}

function resolveMembers(c: EnsembleConfig, seed: number): ResolvedMember[] {
  if (c.stage !== undefined && c.members !== undefined) throw new InvalidParameterError('config.members', 'give a stage or a list of members, not both');
  const stage = c.stage ?? 'trees';
  if (!Object.prototype.hasOwnProperty.call(ENSEMBLE_STAGES, stage)) throw new InvalidParameterError('config.stage', `expected 'trees' or 'trees+mlp', got ${describeValue(stage)}`);
  const specs = c.members ?? ENSEMBLE_STAGES[stage];
  if (!Array.isArray(specs) || specs.length === 0) throw new InvalidParameterError('config.members', `expected a non-empty array of members, got ${describeValue(specs)}`);
  const names = new Set<string>();
  return specs.map((spec: MemberSpec, k) => {
    const where = `config.members[${k}]`;
    checkOptions(spec, ['name', 'kind', 'params'], where);
    if (typeof spec.name !== 'string' || spec.name === '' || names.has(spec.name)) throw new InvalidParameterError(`${where}.name`, `must be a non-empty name used once, got ${describeValue(spec.name)}`);
    names.add(spec.name);
    if (spec.kind === 'mlp') return { spec, params: mlpParams(spec, where, seed + k) };
    if (spec.kind === 'gbdt-depthwise' || spec.kind === 'gbdt-leafwise') return { spec, params: treeParams(spec, where, seed + k) };
    throw new InvalidParameterError(`${where}.kind`, `expected 'gbdt-depthwise', 'gbdt-leafwise' or 'mlp', got ${describeValue((spec as { kind?: unknown }).kind)}`);
  });
}

function integer(value: unknown, where: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new InvalidParameterError(where, `must be an integer >= ${min}, got ${describeValue(value)}`);
  return value;
}

function resolveSplit(split: WalkForwardConfig | undefined, n: number): Required<WalkForwardConfig> {
  const s = checkOptions(split, ['trainSize', 'testSize', 'step', 'mode'], 'config.split');
  const trainSize = integer(s.trainSize ?? Math.floor(n / 2), 'config.split.trainSize', 1);
  const testSize = integer(s.testSize ?? Math.max(1, Math.floor((n - trainSize) / 5)), 'config.split.testSize', 1);
  const step = integer(s.step ?? testSize, 'config.split.step', testSize);
  return { trainSize, testSize, step, mode: s.mode ?? 'expanding' };
}

/**
 * Fills in the defaults of an {@link EnsembleConfig} for a dataset of `n` rows and checks every field, the members'
 * parameters included (`resolveGBDTParams`, `resolveMLPParams`), before any training: an unknown key, a bad value,
 * `stage` with `members`, or a parameter the trainer sets throws `InvalidParameterError` naming it.
 *
 * @example
 * ```ts
 * resolveConfig({ stage: 'trees' }, 1000).split // => { trainSize: 500, testSize: 100, step: 100, mode: 'expanding' }
 * resolveConfig({ seeds: 1 }, 1000)             // throws InvalidParameterError: config.seeds: unknown option (known: stage, members, ...)
 * ```
 */
export function resolveConfig(config: EnsembleConfig | undefined, n: number): ResolvedConfig {
  const c = checkOptions(config, ['stage', 'members', 'split', 'combine', 'stackingL2', 'calibration', 'minShare', 'seed'], 'config');
  const seed = c.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InvalidParameterError('config.seed', `must be an integer, got ${describeValue(seed)}`);
  const combine = c.combine ?? 'weights';
  if (combine !== 'weights' && combine !== 'stacking') throw new InvalidParameterError('config.combine', `expected 'weights' or 'stacking', got ${describeValue(combine)}`);
  const stackingL2 = c.stackingL2 ?? 1e-4;
  if (typeof stackingL2 !== 'number' || !(stackingL2 >= 0 && stackingL2 < Infinity)) throw new InvalidParameterError('config.stackingL2', `must be finite and >= 0, got ${describeValue(stackingL2)}`);
  const calibration = c.calibration ?? 'beta';
  if (calibration !== 'none' && !CALIBRATION_METHODS.includes(calibration)) {
    throw new InvalidParameterError('config.calibration', `expected 'none' or one of ${CALIBRATION_METHODS.join(', ')}, got ${describeValue(calibration)}`);
  }
  const minShare = c.minShare ?? 0.5;
  if (typeof minShare !== 'number' || !(minShare > 0 && minShare <= 1)) throw new InvalidParameterError('config.minShare', `must be in (0, 1], got ${describeValue(minShare)}`);
  return { members: resolveMembers(c, seed), split: resolveSplit(c.split, n), combine, stackingL2, calibration, minShare };
}
