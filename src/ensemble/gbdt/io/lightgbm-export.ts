/**
 * LightGBM export: write a {@link TreeEnsembleModel} as LightGBM text, converting XGBoost-semantics splits exactly.
 * @module
 */
import { UnsupportedModelError } from '../../errors.js';
import { ceilFloat32, float32Bits, nextDownFloat32 } from '../float32.js';
import type { TreeEnsembleModel } from '../model.js';
import { MISSING_NAN, reachableNodes, SPLIT_LIGHTGBM_CATEGORICAL, SPLIT_LIGHTGBM_NUMERIC, SPLIT_XGBOOST } from '../trees.js';

/** Next double below `x` (x finite, not the most negative double). */
function prevDouble(x: number): number {
  const f = new Float64Array(1);
  const b = new BigInt64Array(f.buffer);
  if (x === 0) return -5e-324;
  f[0] = x;
  b[0] = x > 0 ? b[0]! - 1n : b[0]! + 1n;
  return f[0]!;
}

/**
 * The double threshold d with `x <= d` iff `Math.fround(x) < t`, for every double x (t a finite float32 value):
 * the rounding boundary between t and its float32 predecessor p, resolved by ties-to-even. Used to write
 * XGBoost-semantics splits as LightGBM splits without changing any decision.
 *
 * @example
 * ```ts
 * const t = Math.fround(0.5), d = xgboostThresholdAsLightGBM(t) // 0.49999998509883875
 * // for every double x: (x <= d) === (Math.fround(x) < t)
 * ```
 */
export function xgboostThresholdAsLightGBM(t: number): number {
  const tf = ceilFloat32(t);
  const p = nextDownFloat32(tf);
  const m = (p + tf) / 2;
  const pEven = (float32Bits(p) & 1) === 0;
  return pEven ? m : prevDouble(m);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) throw new UnsupportedModelError('non-finite value', `cannot write ${x} to LightGBM text`);
  return String(x);
}

/** Options of {@link toLightGBMText}. */
export interface LightGBMExportOptions {
  /** The `version=` line (default `'v4'`, the layout of LightGBM 4.x, which 3.x also reads). */
  readonly version?: string;
}

/**
 * Writes a model in LightGBM's text format, loadable by `lightgbm.Booster(model_file=...)` and by
 * `loadLightGBMModel`.
 *
 * Exactness: LightGBM models (from `loadLightGBMModel`) are written field for field (thresholds and leaf values
 * with round-trip precision), so re-loading gives identical predictions and leaf indices. XGBoost-semantics splits
 * (`float32(x) < t`) are converted exactly to LightGBM's `x <= t'` (t' = the float32 rounding boundary below t, NaN
 * to the default side via missing type NaN), so every decision is preserved; but LightGBM sums in double and has no
 * base score, so `baseMargin` is added to the leaves of each class's first tree and a float32-sum model's margins
 * then agree to float32 rounding (~1e-7 relative), not bit for bit.
 *
 * Throws {@link UnsupportedModelError} for `binary:logitraw` (no LightGBM equivalent) or non-finite values.
 *
 * @example
 * ```ts
 * const text = toLightGBMText(loadLightGBMModel(original))
 * loadLightGBMModel(text).predictRaw(X) // identical to the original's
 * ```
 */
export function toLightGBMText(model: TreeEnsembleModel, options: LightGBMExportOptions = {}): string {
  const m = model;
  const K = m.numClass;
  let objective: string;
  switch (m.objective) {
    case 'binary:logistic': objective = `binary sigmoid:${fmt(m.sigmoidScale)}`; break;
    case 'reg:logistic': if (m.sigmoidScale !== 1) throw new UnsupportedModelError('sigmoidScale with reg:logistic', 'LightGBM cross_entropy has no sigmoid scale'); objective = 'cross_entropy'; break;
    case 'reg:squarederror': objective = 'regression'; break;
    case 'multiclass': objective = `multiclass num_class:${K}`; break;
    case 'multiclassova': objective = `multiclassova num_class:${K} sigmoid:${fmt(m.sigmoidScale)}`; break;
    default: throw new UnsupportedModelError(`objective ${m.objective} in LightGBM export`, 'LightGBM has no equivalent objective');
  }
  // LightGBM needs the trees ordered by iteration with class t % K.
  for (let t = 0; t < m.numTrees; t++) {
    if (m.treeClass[t] !== t % K) throw new UnsupportedModelError('tree order in LightGBM export', `tree ${t} belongs to class ${m.treeClass[t]}, LightGBM requires class ${t % K}`);
  }
  if (m.numTrees % K !== 0) throw new UnsupportedModelError('tree count in LightGBM export', `${m.numTrees} trees is not a multiple of num_class ${K}`);
  const usedCats: Set<number>[] = Array.from({ length: m.nFeatures }, () => new Set<number>());
  const used = new Uint8Array(m.nFeatures);
  const blocks: string[] = [];
  const base = m.baseMargin;
  for (let t = 0; t < m.numTrees; t++) {
    const lo = m.treeStart[t]!, hi = m.treeStart[t + 1]!;
    const addBase = base !== 0 && t < K;
    // Reachable nodes in node order: internal nodes numbered 0.., leaves numbered 0.. (LightGBM layout).
    const reach = reachableNodes(m, t);
    const idx = new Int32Array(hi - lo);
    const internals: number[] = [];
    const leaves: number[] = [];
    for (let i = 0; i < hi - lo; i++) {
      if (!reach[i]) continue;
      if (m.feature[lo + i]! >= 0) { idx[i] = internals.length; internals.push(lo + i); }
      else { idx[i] = ~leaves.length; leaves.push(lo + i); }
    }
    const childRef = (c: number): number => idx[c - lo]!;
    const SF: number[] = [], SG: string[] = [], TH: string[] = [], DT: number[] = [], LC: number[] = [], RC: number[] = [], IV: string[] = [], IC: string[] = [];
    const catBoundaries: number[] = [0];
    const catThreshold: number[] = [];
    for (const n of internals) {
      const f = m.feature[n]!;
      used[f] = 1;
      SF.push(f);
      SG.push(fmt(m.gain[n]!));
      const kind = m.splitKind[n]!;
      let dt = m.defaultLeft[n]! << 1;
      if (kind === SPLIT_LIGHTGBM_CATEGORICAL) {
        dt |= 1 | (m.missingType[n]! << 2);
        TH.push(String(catBoundaries.length - 1));
        for (let k = m.catStart[n]!; k < m.catEnd[n]!; k++) {
          const word = m.catBits[k]!;
          catThreshold.push(word);
          for (let bit = 0; bit < 32; bit++) if ((word >>> bit) & 1) usedCats[f]!.add((k - m.catStart[n]!) * 32 + bit);
        }
        catBoundaries.push(catThreshold.length);
      } else if (kind === SPLIT_LIGHTGBM_NUMERIC) {
        dt |= m.missingType[n]! << 2;
        TH.push(fmt(m.threshold[n]!));
      } else if (kind === SPLIT_XGBOOST) {
        dt |= MISSING_NAN << 2;
        TH.push(fmt(xgboostThresholdAsLightGBM(m.threshold[n]!)));
      }
      DT.push(dt);
      LC.push(childRef(m.left[n]!));
      RC.push(childRef(m.right[n]!));
      IV.push(fmt(m.value[n]!));
      IC.push(fmt(Math.round(m.cover[n]!)));
    }
    const LV = leaves.map((n) => fmt(addBase ? m.value[n]! + base : m.value[n]!));
    const LCN = leaves.map((n) => fmt(Math.round(m.cover[n]!)));
    const numCat = catBoundaries.length - 1;
    let body =
      `num_leaves=${leaves.length}\nnum_cat=${numCat}\nsplit_feature=${SF.join(' ')}\nsplit_gain=${SG.join(' ')}\nthreshold=${TH.join(' ')}\n` +
      `decision_type=${DT.join(' ')}\nleft_child=${LC.join(' ')}\nright_child=${RC.join(' ')}\nleaf_value=${LV.join(' ')}\n` +
      `leaf_weight=${leaves.map(() => '0').join(' ')}\nleaf_count=${LCN.join(' ')}\ninternal_value=${IV.join(' ')}\n` +
      `internal_weight=${internals.map(() => '0').join(' ')}\ninternal_count=${IC.join(' ')}\n`;
    if (numCat > 0) body += `cat_boundaries=${catBoundaries.join(' ')}\ncat_threshold=${catThreshold.join(' ')}\n`;
    body += `is_linear=0\nshrinkage=1\n`;
    blocks.push(`Tree=${t}\n${body}\n\n`);
  }
  const infos: string[] = [];
  for (let f = 0; f < m.nFeatures; f++) {
    if (!used[f]) infos.push('none');
    else if (usedCats[f]!.size > 0) infos.push([...usedCats[f]!].sort((a, b) => a - b).join(':'));
    else infos.push('[-1.7976931348623157e+308:1.7976931348623157e+308]');
  }
  const names = m.featureNames ?? Array.from({ length: m.nFeatures }, (_, i) => `Column_${i}`);
  for (const nm of names) if (/\s/.test(nm) || nm === '') throw new UnsupportedModelError('feature name', `LightGBM feature names cannot be empty or contain whitespace: ${JSON.stringify(nm)}`);
  const head =
    `tree\nversion=${options.version ?? 'v4'}\nnum_class=${K}\nnum_tree_per_iteration=${K}\nlabel_index=0\nmax_feature_idx=${m.nFeatures - 1}\n` +
    `objective=${objective}\n${m.averageOutput ? 'average_output\n' : ''}feature_names=${names.join(' ')}\nfeature_infos=${infos.join(' ')}\n` +
    `tree_sizes=${blocks.map((b) => b.length).join(' ')}\n\n`;
  return `${head}${blocks.join('')}end of trees\n\npandas_categorical:null\n`;
}
