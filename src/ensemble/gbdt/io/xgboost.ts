/**
 * XGBoost import: read XGBoost's JSON (and UBJSON) model format into a {@link TreeEnsembleModel}. Predictions are
 * bit-identical to XGBoost's CPU predictor (see docs/models.md); `xgboost-export.ts` writes models back.
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { ModelFormatError, UnsupportedModelError } from '../../errors.js';
import { xgbLogit } from '../float32.js';
import type { TreeEnsembleModel } from '../model.js';
import { allocateNodes, type GBDTObjective } from '../trees.js';
import { checkModelShape, parseCount } from './bounded.js';
import { buildModel } from './build.js';
import { parseUBJSON } from './ubjson.js';
import { utf8Decode } from './utf8.js';

type Obj = { [key: string]: unknown };
type Fmt = 'xgboost-json' | 'xgboost-ubjson';

/** XGBoost objectives this loader accepts, mapped to our objective (the output transform). */
const OBJECTIVES: Record<string, GBDTObjective> = {
  'binary:logistic': 'binary:logistic',
  'reg:logistic': 'reg:logistic',
  'binary:logitraw': 'binary:logitraw',
  'reg:squarederror': 'reg:squarederror',
  'reg:linear': 'reg:squarederror',
  'multi:softprob': 'multiclass',
  'multi:softmax': 'multiclass',
};

/**
 * True for the XGBoost objectives whose `base_score` is stored in probability space (the margin is its logit).
 *
 * @example
 * ```ts
 * hasProbabilityBaseScore('binary:logistic')  // true
 * hasProbabilityBaseScore('reg:squarederror') // false
 * ```
 */
export function hasProbabilityBaseScore(objective: string): boolean {
  return objective === 'binary:logistic' || objective === 'reg:logistic' || objective === 'binary:logitraw';
}

/**
 * Reads an XGBoost model saved with `Booster.save_model("m.json")` (XGBoost 1.x, 2.x, 3.x JSON), or its UBJSON
 * form (`save_model("m.ubj")`, the default of XGBoost >= 2.1) given as a `Uint8Array`. Accepts the JSON text, the
 * parsed object, or the raw bytes.
 *
 * Supported: the `gbtree` booster with numeric splits; objectives `binary:logistic`, `reg:logistic`,
 * `binary:logitraw`, `reg:squarederror` (and its old name `reg:linear`), `multi:softprob`/`multi:softmax`
 * (`predict` returns the softmax probabilities for both; XGBoost's `predict` returns the argmax class for
 * `multi:softmax`, whose margins are the same). The model predicts exactly as XGBoost does: inputs are rounded to float32, a split sends
 * x left iff `float32(x) < split_condition`, NaN follows `default_left`, and leaf values are summed in float32 in tree
 * order starting from the margin of `base_score` (`-logf(1/b - 1)` in float32 for the logistic objectives).
 * Feature count: `learner_model_param.num_feature`. Feature names: `learner.feature_names` when present.
 *
 * Throws {@link ModelFormatError} for malformed input (naming the JSON path), and for anything else than a string,
 * a plain object or a `Uint8Array`, and {@link UnsupportedModelError} for an unknown objective, the
 * `dart`/`gblinear` boosters, categorical splits, or a vector-valued `base_score` with different values per class.
 *
 * Bounded (see `bounded.ts`): the UBJSON reader checks every length against the bytes present; the node count is
 * that of the `left_children` entries present (each one read before the nodes are allocated), and the declared
 * counts must agree with them (`num_trees`, each tree's `num_nodes`); `num_feature <= 2^24` and
 * `num_class <= max(1, trees)`. So an n-byte model allocates O(n) memory.
 *
 * Reference: XGBoost `doc/model.schema`, `src/tree/tree_model.cc` (`RegTree::LoadModel`), `src/learner.cc`.
 *
 * @example
 * ```ts
 * const model = loadXGBoostModel(readFileSync('m.json', 'utf8'))
 * const p = model.predictProba({ rows: 1, cols: model.nFeatures, data: Float64Array.from(features) })
 * ```
 */
export function loadXGBoostModel(json: string | object | Uint8Array): TreeEnsembleModel {
  if (typeof json === 'string') return fromObject(parseJSON(json), 'xgboost-json');
  if (json instanceof Uint8Array) {
    // UBJSON objects start with '{' followed by a count/type marker or a key length marker; JSON text with '{' then
    // whitespace or '"'.
    const second = json[1];
    if (json[0] === 0x7b && second !== undefined && second !== 0x22 && second !== 0x7d && second > 0x20) return fromObject(parseUBJSON(json), 'xgboost-ubjson');
    return fromObject(parseJSON(utf8Decode(json, 0, json.length)), 'xgboost-json');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || ArrayBuffer.isView(json)) {
    throw new ModelFormatError('xgboost-json', '$', `expected the model as JSON text, a parsed object or UBJSON bytes (Uint8Array), got ${describeValue(json)}`);
  }
  return fromObject(json, 'xgboost-json');
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError('xgboost-json', '$', `invalid JSON: ${(e as Error).message}`);
  }
}

function fromObject(root: unknown, fmt: Fmt): TreeEnsembleModel {
  const fail = (where: string, msg: string): never => {
    throw new ModelFormatError(fmt, where, msg);
  };
  const obj = (v: unknown, where: string): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) ? (v as Obj) : fail(where, `expected an object, got ${describeValue(v)}`));
  const str = (v: unknown, where: string): string => (typeof v === 'string' ? v : fail(where, `expected a string, got ${describeValue(v)}`));
  const arr = (v: unknown, where: string, n?: number): ArrayLike<unknown> => {
    if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) fail(where, `expected an array, got ${describeValue(v)}`);
    const a = v as ArrayLike<unknown>;
    if (n !== undefined && a.length !== n) fail(where, `has length ${a.length}, expected ${n}`);
    return a;
  };
  const num = (v: unknown, where: string): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return fail(where, `expected a number, got ${describeValue(v)}`);
  };
  // XGBoost writes its counts as decimal strings ("6"); numbers are accepted too.
  const count = (v: unknown, where: string): number => {
    const n = typeof v === 'number' ? v : parseCount(str(v, where), 0);
    if (n === undefined || !Number.isSafeInteger(n) || n < 0) fail(where, `expected a non-negative integer, got ${describeValue(v)}`);
    return n!;
  };

  const learner = obj(obj(root, '$').learner, 'learner');
  const lmp = obj(learner.learner_model_param, 'learner.learner_model_param');
  const objective = str(obj(learner.objective, 'learner.objective').name, 'learner.objective.name');
  const mapped = OBJECTIVES[objective];
  if (!mapped) throw new UnsupportedModelError(`objective ${objective}`, `supported: ${Object.keys(OBJECTIVES).join(', ')}`);
  const gb = obj(learner.gradient_booster, 'learner.gradient_booster');
  const boosterName = str(gb.name, 'learner.gradient_booster.name');
  if (boosterName !== 'gbtree') throw new UnsupportedModelError(`booster ${boosterName}`, 'only the gbtree booster is supported');
  // Recent XGBoost may store a dart model as gbtree plus per-tree weights; weights other than 1 change predictions.
  if (gb.weight_drop !== undefined) {
    const w = arr(gb.weight_drop, 'learner.gradient_booster.weight_drop');
    for (let i = 0; i < w.length; i++) if (num(w[i], `learner.gradient_booster.weight_drop[${i}]`) !== 1) throw new UnsupportedModelError('booster dart', 'tree weights (weight_drop) are not supported');
  }
  const nFeatures = count(lmp.num_feature, 'learner.learner_model_param.num_feature');
  const numClassRaw = lmp.num_class === undefined ? 0 : count(lmp.num_class, 'learner.learner_model_param.num_class');
  const numClass = Math.max(1, numClassRaw);
  if ((mapped === 'multiclass') !== numClass > 1) fail('learner.learner_model_param.num_class', `num_class ${numClassRaw} does not fit objective ${objective}`);
  if (lmp.num_target !== undefined && count(lmp.num_target, 'learner.learner_model_param.num_target') > 1) {
    throw new UnsupportedModelError('num_target > 1', 'multi-target models are not supported');
  }

  // base_score: "5E-1" (1.x/2.x) or "[5E-1]" / "[a,b,c]" (3.x); probability space for the logistic objectives.
  const bsWhere = 'learner.learner_model_param.base_score';
  const bsText = lmp.base_score === undefined ? '0.5' : typeof lmp.base_score === 'number' ? String(lmp.base_score) : str(lmp.base_score, bsWhere);
  const bsParts = bsText.trim().replace(/^\[/, '').replace(/\]$/, '').split(',').map((s) => s.trim());
  const bsValues = bsParts.map((s) => (s === '' ? NaN : Number(s)));
  if (bsValues.some((v) => !Number.isFinite(v))) fail(bsWhere, `invalid base_score ${describeValue(bsText)}`);
  if (bsValues.some((v) => Math.fround(v) !== Math.fround(bsValues[0]!))) {
    throw new UnsupportedModelError('vector base_score', `per-class base scores ${describeValue(bsText)} are not supported`);
  }
  const baseScore = Math.fround(bsValues[0]!);
  let baseMargin: number;
  if (hasProbabilityBaseScore(objective)) {
    if (!(baseScore > 0 && baseScore < 1)) fail(bsWhere, `base_score must be in (0, 1) for ${objective}, got ${describeValue(bsText)}`);
    baseMargin = xgbLogit(baseScore);
  } else baseMargin = baseScore;

  const model = obj(gb.model, 'learner.gradient_booster.model');
  const trees = arr(model.trees, 'learner.gradient_booster.model.trees');
  const nTrees = trees.length;
  const gmp = model.gbtree_model_param === undefined ? undefined : obj(model.gbtree_model_param, 'learner.gradient_booster.model.gbtree_model_param');
  if (gmp?.num_trees !== undefined && count(gmp.num_trees, 'gbtree_model_param.num_trees') !== nTrees) fail('gbtree_model_param.num_trees', `declares ${describeValue(gmp.num_trees)} trees, the model has ${nTrees}`);
  checkModelShape({ nFeatures, numClass, numTrees: nTrees }, (field, message) => fail(field === 'nFeatures' ? 'learner.learner_model_param.num_feature' : 'learner.learner_model_param.num_class', message));
  const treeInfo = model.tree_info === undefined ? undefined : arr(model.tree_info, 'learner.gradient_booster.model.tree_info', nTrees);

  let featureNames: string[] | undefined;
  if (learner.feature_names !== undefined) {
    const fn = arr(learner.feature_names, 'learner.feature_names');
    if (fn.length > 0) {
      if (fn.length !== nFeatures) fail('learner.feature_names', `has ${fn.length} names for num_feature ${nFeatures}`);
      featureNames = Array.from(fn, (v, i) => str(v, `learner.feature_names[${i}]`));
    }
  }

  // First pass: the node count of every tree, from the left_children entries actually present (each one is read,
  // so an array with holes or a forged length fails here, before the nodes are allocated).
  const sizes: number[] = [];
  let total = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = obj(trees[t], `trees[${t}]`);
    const lc = arr(tr.left_children, `trees[${t}].left_children`);
    if (lc.length === 0) fail(`trees[${t}].left_children`, 'a tree needs at least one node');
    for (let i = 0; i < lc.length; i++) num(lc[i], `trees[${t}].left_children[${i}]`);
    const tp = tr.tree_param === undefined ? undefined : obj(tr.tree_param, `trees[${t}].tree_param`);
    if (tp?.num_nodes !== undefined && count(tp.num_nodes, `trees[${t}].tree_param.num_nodes`) !== lc.length) {
      fail(`trees[${t}].tree_param.num_nodes`, `declares ${describeValue(tp.num_nodes)} nodes, left_children has ${lc.length}`);
    }
    sizes.push(lc.length);
    total += lc.length;
  }
  const treeStart = new Int32Array(nTrees + 1);
  const treeClass = new Int32Array(nTrees);
  const nodes = allocateNodes(total);
  const { feature, threshold, left, right, defaultLeft, value, cover, gain } = nodes;
  let o = 0;
  for (let t = 0; t < nTrees; t++) {
    const p = `trees[${t}]`;
    const tr = trees[t] as Obj;
    const n = sizes[t]!;
    treeStart[t] = o;
    const cls = treeInfo ? num(treeInfo[t], `tree_info[${t}]`) : t % numClass;
    if (!Number.isInteger(cls) || cls < 0 || cls >= numClass) fail(`learner.gradient_booster.model.tree_info[${t}]`, `class ${cls} out of range`);
    treeClass[t] = cls;
    const lc = tr.left_children as ArrayLike<unknown>;
    const rc = arr(tr.right_children, `${p}.right_children`, n);
    const si = arr(tr.split_indices, `${p}.split_indices`, n);
    const sc = arr(tr.split_conditions, `${p}.split_conditions`, n);
    const dl = arr(tr.default_left, `${p}.default_left`, n);
    const bw = tr.base_weights === undefined ? undefined : arr(tr.base_weights, `${p}.base_weights`);
    const lch = tr.loss_changes === undefined ? undefined : arr(tr.loss_changes, `${p}.loss_changes`, n);
    const sh = tr.sum_hessian === undefined ? undefined : arr(tr.sum_hessian, `${p}.sum_hessian`, n);
    const st = tr.split_type === undefined ? undefined : arr(tr.split_type, `${p}.split_type`, n);
    if (bw && bw.length !== n) throw new UnsupportedModelError('vector leaves', `${p}.base_weights has ${bw.length} entries for ${n} nodes (multi-target trees)`);
    for (let i = 0; i < n; i++) {
      const a = o + i;
      const l = lc[i] as number;
      const c = num(sc[i], `${p}.split_conditions[${i}]`);
      if (!Number.isFinite(c)) fail(`${p}.split_conditions[${i}]`, `not a finite number: ${c}`);
      if (l === -1) {
        feature[a] = -1;
        left[a] = -1;
        right[a] = -1;
        value[a] = Math.fround(c); // a leaf stores its value in split_conditions
      } else {
        const r = num(rc[i], `${p}.right_children[${i}]`);
        const f = num(si[i], `${p}.split_indices[${i}]`);
        if (!Number.isInteger(l) || l < 0 || l >= n) fail(`${p}.left_children[${i}]`, `child ${l} out of range [0, ${n})`);
        if (!Number.isInteger(r) || r < 0 || r >= n) fail(`${p}.right_children[${i}]`, `child ${r} out of range [0, ${n})`);
        if (!Number.isInteger(f) || f < 0 || f >= nFeatures) fail(`${p}.split_indices[${i}]`, `feature ${f} out of range [0, ${nFeatures})`);
        if (st && num(st[i], `${p}.split_type[${i}]`) !== 0) throw new UnsupportedModelError('categorical split', `${p} node ${i} is a categorical split`);
        feature[a] = f;
        left[a] = o + l;
        right[a] = o + r;
        threshold[a] = Math.fround(c);
        defaultLeft[a] = num(dl[i], `${p}.default_left[${i}]`) ? 1 : 0;
        value[a] = bw ? Math.fround(num(bw[i], `${p}.base_weights[${i}]`)) : 0;
      }
      if (lch) gain[a] = Math.fround(num(lch[i], `${p}.loss_changes[${i}]`)); // float32 in XGBoost
      if (sh) cover[a] = Math.fround(num(sh[i], `${p}.sum_hessian[${i}]`));
    }
    o += n;
  }
  treeStart[nTrees] = o;
  return buildModel({ nFeatures, featureNames, numClass, objective: mapped, baseMargin, sumMode: 'float32', leafNumbering: 'node', treeStart, treeClass, ...nodes }, fmt);
}
