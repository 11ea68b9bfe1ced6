/**
 * XGBoost interop: read XGBoost's JSON (and UBJSON) model format into a {@link TreeEnsembleModel}, and write
 * a model back as XGBoost JSON. Predictions are bit-identical to XGBoost's CPU predictor (see docs/models.md).
 * @module
 */
import { ModelFormatError, UnsupportedModelError } from './errors.js';
import { logf } from './float32.js';
import { SPLIT_XGBOOST, TreeEnsembleModel, type GBDTObjective } from './model.js';
import { parseUBJSON, utf8 } from './ubjson.js';

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
 * XGBoost's `ProbToMargin` for the logistic objectives, in float32 exactly as XGBoost computes it:
 * `-logf(1.0f / base_score - 1.0f)` (`src/objective/regression_loss.h`), with glibc's `logf` ({@link logf}).
 *
 * @example
 * ```ts
 * xgbLogit(0.5) // -0 (XGBoost's default base_score gives a zero margin)
 * ```
 */
export function xgbLogit(baseScore: number): number {
  const b = Math.fround(baseScore);
  return -logf(Math.fround(Math.fround(1 / b) - 1));
}

/** True for the objectives whose `base_score` is stored in probability space. */
function logisticBase(objective: string): boolean {
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
 * Throws {@link ModelFormatError} for malformed input (naming the JSON path) and {@link UnsupportedModelError}
 * for an unknown objective, the `dart`/`gblinear` boosters, categorical splits, or a vector-valued `base_score`
 * with different values per class.
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
  let fmt: Fmt = 'xgboost-json';
  let root: unknown;
  if (typeof json === 'string') root = parseJSON(json);
  else if (json instanceof Uint8Array) {
    // UBJSON objects start with '{' followed by a count/type marker or a key length marker; JSON text with '{' then
    // whitespace or '"'.
    const second = json[1];
    if (json[0] === 0x7b && second !== undefined && second !== 0x22 && second !== 0x7d && second > 0x20) {
      fmt = 'xgboost-ubjson';
      root = parseUBJSON(json);
    } else root = parseJSON(utf8(json, 0, json.length));
  } else root = json;
  return fromObject(root, fmt);
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
  const obj = (v: unknown, where: string): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) ? (v as Obj) : fail(where, 'expected an object'));
  const str = (v: unknown, where: string): string => (typeof v === 'string' ? v : fail(where, `expected a string, got ${typeof v}`));
  const arr = (v: unknown, where: string, n?: number): ArrayLike<unknown> => {
    if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) fail(where, 'expected an array');
    const a = v as ArrayLike<unknown>;
    if (n !== undefined && a.length !== n) fail(where, `has length ${a.length}, expected ${n}`);
    return a;
  };
  const num = (v: unknown, where: string): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return fail(where, `expected a number, got ${JSON.stringify(v)}`);
  };
  const intStr = (v: unknown, where: string): number => {
    const n = typeof v === 'number' ? v : Number(str(v, where));
    if (!Number.isInteger(n) || n < 0) fail(where, `expected a non-negative integer, got ${JSON.stringify(v)}`);
    return n;
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
  const nFeatures = intStr(lmp.num_feature, 'learner.learner_model_param.num_feature');
  const numClassRaw = lmp.num_class === undefined ? 0 : intStr(lmp.num_class, 'learner.learner_model_param.num_class');
  const numClass = Math.max(1, numClassRaw);
  if ((mapped === 'multiclass') !== numClass > 1) fail('learner.learner_model_param.num_class', `num_class ${numClassRaw} does not fit objective ${objective}`);
  if (lmp.num_target !== undefined && intStr(lmp.num_target, 'learner.learner_model_param.num_target') > 1) {
    throw new UnsupportedModelError('num_target > 1', 'multi-target models are not supported');
  }

  // base_score: "5E-1" (1.x/2.x) or "[5E-1]" / "[a,b,c]" (3.x); probability space for the logistic objectives.
  const bsWhere = 'learner.learner_model_param.base_score';
  const bsText = lmp.base_score === undefined ? '0.5' : typeof lmp.base_score === 'number' ? String(lmp.base_score) : str(lmp.base_score, bsWhere);
  const bsParts = bsText.trim().replace(/^\[/, '').replace(/\]$/, '').split(',').map((s) => s.trim());
  const bsValues = bsParts.map((s) => (s === '' ? NaN : Number(s)));
  if (bsValues.some((v) => !Number.isFinite(v))) fail(bsWhere, `invalid base_score ${JSON.stringify(bsText)}`);
  if (bsValues.some((v) => Math.fround(v) !== Math.fround(bsValues[0]!))) {
    throw new UnsupportedModelError('vector base_score', `per-class base scores ${bsText} are not supported`);
  }
  const baseScore = Math.fround(bsValues[0]!);
  let baseMargin: number;
  if (logisticBase(objective)) {
    if (!(baseScore > 0 && baseScore < 1)) fail(bsWhere, `base_score must be in (0, 1) for ${objective}, got ${bsText}`);
    baseMargin = xgbLogit(baseScore);
  } else baseMargin = baseScore;

  const model = obj(gb.model, 'learner.gradient_booster.model');
  const trees = arr(model.trees, 'learner.gradient_booster.model.trees');
  const nTrees = trees.length;
  const treeInfo = model.tree_info === undefined ? undefined : arr(model.tree_info, 'learner.gradient_booster.model.tree_info', nTrees);

  let featureNames: string[] | undefined;
  if (learner.feature_names !== undefined) {
    const fn = arr(learner.feature_names, 'learner.feature_names');
    if (fn.length > 0) {
      if (fn.length !== nFeatures) fail('learner.feature_names', `has ${fn.length} names for num_feature ${nFeatures}`);
      featureNames = Array.from(fn, (v, i) => str(v, `learner.feature_names[${i}]`));
    }
  }

  const sizes = new Int32Array(nTrees);
  let total = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = obj(trees[t], `trees[${t}]`);
    sizes[t] = arr(tr.left_children, `trees[${t}].left_children`).length;
    if (sizes[t] === 0) fail(`trees[${t}].left_children`, 'a tree needs at least one node');
    total += sizes[t]!;
  }
  const treeStart = new Int32Array(nTrees + 1);
  const treeClass = new Int32Array(nTrees);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const defaultLeft = new Uint8Array(total);
  const value = new Float64Array(total);
  const cover = new Float64Array(total);
  const gain = new Float64Array(total);
  let o = 0;
  for (let t = 0; t < nTrees; t++) {
    const p = `trees[${t}]`;
    const tr = obj(trees[t], p);
    const n = sizes[t]!;
    treeStart[t] = o;
    const cls = treeInfo ? num(treeInfo[t], `tree_info[${t}]`) : t % numClass;
    if (!Number.isInteger(cls) || cls < 0 || cls >= numClass) fail(`learner.gradient_booster.model.tree_info[${t}]`, `class ${cls} out of range`);
    treeClass[t] = cls;
    const lc = arr(tr.left_children, `${p}.left_children`, n);
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
      const l = num(lc[i], `${p}.left_children[${i}]`);
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
  try {
    return new TreeEnsembleModel({
      nFeatures, featureNames, numClass, objective: mapped, baseMargin, sumMode: 'float32', leafNumbering: 'node',
      treeStart, treeClass, feature, threshold, left, right, defaultLeft, value, cover, gain,
    });
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(fmt, e.where, e.message);
    throw e;
  }
}

/** Options of {@link toXGBoostJSON}. */
export interface XGBoostExportOptions {
  /** The `version` field to write (default `[1, 7, 4]`; XGBoost 1.x, 2.x and 3.x all load that layout). */
  readonly version?: readonly [number, number, number];
}

/**
 * The shortest decimal string that reads back as exactly the float32 value `x`, with a '.' or an exponent, as
 * XGBoost's JSON writer prints floats.
 *
 * @example
 * ```ts
 * float32ToString(0.30434489250183105) // '0.3043449'
 * float32ToString(5)                   // '5E0'
 * ```
 */
export function float32ToString(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) throw new UnsupportedModelError('non-finite value', `cannot write ${f} to XGBoost JSON`);
  if (f === 0) return Object.is(f, -0) ? '-0E0' : '0E0';
  for (let p = 1; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return normalizeNumber(s);
  }
  return normalizeNumber(f.toPrecision(9));
}

/**
 * Upper-case exponent as XGBoost writes it ("1.5E2"), and always a '.' or an exponent: XGBoost's JSON reader types
 * "5" as an Integer and refuses it where a float is expected ("Invalid cast, from Integer to Number").
 */
function normalizeNumber(s: string): string {
  const t = s.replace('e+', 'E').replace('e-', 'E-');
  return /[.E]/.test(t) ? t : `${t}E0`;
}

/** The smallest float32 >= x (so that `float32(v) < x` iff `float32(v) < result` for every v). */
function ceilFloat32(x: number): number {
  const f = Math.fround(x);
  if (f >= x) return f;
  const buf = new Float32Array(1);
  const bits = new Int32Array(buf.buffer);
  buf[0] = f;
  bits[0] = f >= 0 ? bits[0]! + 1 : bits[0]! - 1; // next float32 toward +Infinity
  if (f === 0) return 1.401298464324817e-45;
  return buf[0]!;
}

/**
 * Writes a model as XGBoost JSON (the `save_model("m.json")` layout) that XGBoost 1.x/2.x/3.x loads with
 * `Booster(model_file=...)` / `load_model`.
 *
 * Exactness: for models that predict in XGBoost semantics (`sumMode: 'float32'`, all splits `SPLIT_XGBOOST`,
 * float32 leaf values: every model from {@link loadXGBoostModel}, and trainer models built that way), XGBoost's
 * predictions of the exported file are bit-identical to ours. A non-float32 threshold t is written as the smallest
 * float32 >= t, which keeps every decision identical. Leaf values that are not float32 and `sumMode: 'float64'`
 * are rounded to float32 (predictions then agree to float32 precision only). `baseMargin` is written as
 * `base_score` when XGBoost's `ProbToMargin` maps it back exactly; otherwise it is folded into the leaves of each
 * class's first tree (in float32, which is exact since XGBoost then starts from a zero margin).
 *
 * Throws {@link UnsupportedModelError} for LightGBM split kinds (`x <= t` in double, categorical bitsets),
 * `averageOutput`, `sigmoidScale !== 1`, or objective `multiclassova`.
 *
 * @example
 * ```ts
 * writeFileSync('m.json', toXGBoostJSON(model))   // python: xgb.Booster(model_file='m.json').predict(...)
 * ```
 */
export function toXGBoostJSON(model: TreeEnsembleModel, options: XGBoostExportOptions = {}): string {
  const m = model;
  for (let n = 0; n < m.numNodes; n++) {
    if (m.feature[n]! >= 0 && m.splitKind[n] !== SPLIT_XGBOOST) {
      throw new UnsupportedModelError('LightGBM split in XGBoost export', `node ${n} uses split kind ${m.splitKind[n]}, which XGBoost cannot express exactly`);
    }
  }
  if (m.averageOutput) throw new UnsupportedModelError('averageOutput in XGBoost export', 'XGBoost has no averaged-output (random forest) mode for gbtree');
  if (m.sigmoidScale !== 1) throw new UnsupportedModelError('sigmoidScale in XGBoost export', `XGBoost's sigmoid has scale 1, the model uses ${m.sigmoidScale}`);
  let objective: string;
  switch (m.objective) {
    case 'binary:logistic': case 'reg:logistic': case 'binary:logitraw': case 'reg:squarederror': objective = m.objective; break;
    case 'multiclass': objective = 'multi:softprob'; break;
    default: throw new UnsupportedModelError(`objective ${m.objective} in XGBoost export`, 'XGBoost has no equivalent objective');
  }
  const logistic = logisticBase(objective);
  const margin = Math.fround(m.baseMargin);
  // base_score such that XGBoost's ProbToMargin(base_score) === margin, or fold the margin into the first trees.
  let baseScore: number | undefined;
  if (logistic) {
    if (margin === 0) baseScore = 0.5;
    else {
      const buf = new Float32Array(1);
      const bits = new Int32Array(buf.buffer);
      buf[0] = Math.fround(1 / (1 + Math.exp(-margin)));
      const start = bits[0]!;
      for (let d = 0; d <= 16 && baseScore === undefined; d++) {
        for (const s of d === 0 ? [0] : [d, -d]) {
          bits[0] = start + s;
          const b = buf[0]!;
          if (b > 0 && b < 1 && xgbLogit(b) === margin) {
            baseScore = b;
            break;
          }
        }
      }
    }
  } else baseScore = margin;
  const fold = baseScore === undefined;
  if (fold) baseScore = logistic ? 0.5 : 0;
  const folded = new Set<number>();

  const nf = m.nFeatures;
  const treesOut: string[] = [];
  const treeInfo: number[] = [];
  for (let t = 0; t < m.numTrees; t++) {
    const lo = m.treeStart[t]!, hi = m.treeStart[t + 1]!;
    const cls = m.treeClass[t]!;
    const addMargin = fold && !folded.has(cls);
    if (addMargin) folded.add(cls);
    // Keep node order; drop unreachable nodes (renumbering the rest in order).
    const reach = new Uint8Array(hi - lo);
    const stack = [lo];
    while (stack.length) {
      const n = stack.pop()!;
      reach[n - lo] = 1;
      if (m.feature[n]! >= 0) stack.push(m.left[n]!, m.right[n]!);
    }
    const id = new Int32Array(hi - lo).fill(-1);
    let k = 0;
    for (let i = 0; i < hi - lo; i++) if (reach[i]) id[i] = k++;
    const parents = new Int32Array(k).fill(2147483647);
    const L: number[] = [], R: number[] = [], SI: number[] = [], DL: number[] = [], ST: number[] = [];
    const SC: string[] = [], BW: string[] = [], LC: string[] = [], SH: string[] = [];
    for (let i = 0; i < hi - lo; i++) {
      if (!reach[i]) continue;
      const n = lo + i;
      const me = id[i]!;
      const f = m.feature[n]!;
      if (f >= 0) {
        const l = id[m.left[n]! - lo]!, r = id[m.right[n]! - lo]!;
        parents[l] = me;
        parents[r] = me;
        L.push(l); R.push(r); SI.push(f); DL.push(m.defaultLeft[n]!);
        SC.push(float32ToString(ceilFloat32(m.threshold[n]!)));
        BW.push(float32ToString(m.value[n]!));
      } else {
        L.push(-1); R.push(-1); SI.push(0); DL.push(0);
        const v = addMargin ? Math.fround(margin + Math.fround(m.value[n]!)) : Math.fround(m.value[n]!);
        SC.push(float32ToString(v));
        BW.push(float32ToString(v));
      }
      ST.push(0);
      LC.push(float32ToString(m.gain[n]!));
      SH.push(float32ToString(m.cover[n]!));
    }
    treeInfo.push(cls);
    treesOut.push(
      `{"base_weights":[${BW.join(',')}],"categories":[],"categories_nodes":[],"categories_segments":[],"categories_sizes":[],` +
        `"default_left":[${DL.join(',')}],"id":${t},"left_children":[${L.join(',')}],"loss_changes":[${LC.join(',')}],` +
        `"parents":[${Array.from(parents).join(',')}],"right_children":[${R.join(',')}],"split_conditions":[${SC.join(',')}],` +
        `"split_indices":[${SI.join(',')}],"split_type":[${ST.join(',')}],"sum_hessian":[${SH.join(',')}],` +
        `"tree_param":{"num_deleted":"0","num_feature":"${nf}","num_nodes":"${k}","size_leaf_vector":"0"}}`,
    );
  }
  const objParams = m.objective === 'multiclass' ? `"softmax_multiclass_param":{"num_class":"${m.numClass}"}` : `"reg_loss_param":{"scale_pos_weight":"1"}`;
  const names = m.featureNames ? m.featureNames.map((s) => JSON.stringify(s)).join(',') : '';
  const types = m.featureNames ? m.featureNames.map(() => '"float"').join(',') : '';
  const version = options.version ?? [1, 7, 4];
  return (
    `{"learner":{"attributes":{},"feature_names":[${names}],"feature_types":[${types}],` +
    `"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"${m.numTrees}","size_leaf_vector":"0"},` +
    `"tree_info":[${treeInfo.join(',')}],"trees":[${treesOut.join(',')}]},"name":"gbtree"},` +
    `"learner_model_param":{"base_score":"${float32ToString(baseScore!)}","boost_from_average":"0","num_class":"${m.numClass > 1 ? m.numClass : 0}",` +
    `"num_feature":"${nf}","num_target":"1"},"objective":{"name":"${objective}",${objParams}}},"version":[${version.join(',')}]}`
  );
}
