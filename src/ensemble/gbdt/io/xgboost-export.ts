/**
 * XGBoost export: write a {@link TreeEnsembleModel} as XGBoost JSON (the `save_model("m.json")` layout), bit-exact
 * for models in XGBoost semantics.
 * @module
 */
import { UnsupportedModelError } from '../../errors.js';
import { ceilFloat32, xgbLogit } from '../float32.js';
import type { TreeEnsembleModel } from '../model.js';
import { reachableNodes, SPLIT_XGBOOST } from '../trees.js';
import { hasProbabilityBaseScore } from './xgboost.js';

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

/**
 * Writes a model as XGBoost JSON (the `save_model("m.json")` layout) that XGBoost 1.x/2.x/3.x loads with
 * `Booster(model_file=...)` / `load_model`.
 *
 * Exactness: for models that predict in XGBoost semantics (`sumMode: 'float32'`, all splits `SPLIT_XGBOOST`,
 * float32 leaf values: every model from `loadXGBoostModel`, and trainer models built that way), XGBoost's
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
  const logistic = hasProbabilityBaseScore(objective);
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
    const reach = reachableNodes(m, t);
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
