/**
 * LightGBM import: read LightGBM's text model format (`Booster.save_model("m.txt")`) into a
 * {@link TreeEnsembleModel}; `lightgbm-export.ts` writes models back.
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { ModelFormatError, UnsupportedModelError } from '../../errors.js';
import type { TreeEnsembleModel } from '../model.js';
import { allocateNodes, MISSING_NAN, SPLIT_LIGHTGBM_CATEGORICAL, SPLIT_LIGHTGBM_NUMERIC, type GBDTObjective } from '../trees.js';
import { checkModelShape, parseCount } from './bounded.js';
import { buildModel } from './build.js';

function fail(where: string, message: string): never {
  throw new ModelFormatError('lightgbm-text', where, message);
}

/** LightGBM objective name -> our objective (output transform). Identity-output regressions all map to reg:squarederror. */
const IDENTITY = new Set(['regression', 'regression_l2', 'l2', 'mean_squared_error', 'mse', 'l2_root', 'root_mean_squared_error', 'rmse', 'regression_l1', 'l1', 'mean_absolute_error', 'mae', 'huber', 'fair', 'quantile', 'mape', 'mean_absolute_percentage_error', 'lambdarank', 'rank_xendcg', 'xendcg', 'xe_ndcg', 'xe_ndcg_mart', 'xendcg_mart', 'custom', 'none']);

interface ParsedObjective {
  objective: GBDTObjective;
  sigmoidScale: number;
}

function parseObjective(text: string, where: string): ParsedObjective {
  const tokens = text.trim().split(/\s+/);
  const name = tokens[0] ?? '';
  const params: Record<string, string> = {};
  for (const t of tokens.slice(1)) {
    const i = t.indexOf(':');
    if (i > 0) params[t.slice(0, i)] = t.slice(i + 1);
    else params[t] = '';
  }
  const sigmoid = params.sigmoid === undefined ? 1 : Number(params.sigmoid);
  if (!(sigmoid > 0 && Number.isFinite(sigmoid))) fail(where, `invalid sigmoid parameter in ${describeValue(text)}`);
  if (name === 'binary') return { objective: 'binary:logistic', sigmoidScale: sigmoid };
  if (name === 'multiclass' || name === 'softmax') return { objective: 'multiclass', sigmoidScale: 1 };
  if (name === 'multiclassova' || name === 'multiclass_ova' || name === 'ova' || name === 'ovr') return { objective: 'multiclassova', sigmoidScale: sigmoid };
  if (name === 'cross_entropy' || name === 'xentropy') return { objective: 'reg:logistic', sigmoidScale: 1 };
  if (IDENTITY.has(name)) {
    if ('sqrt' in params) throw new UnsupportedModelError(`objective ${text.trim()}`, 'the sqrt-transformed regression output is not supported');
    return { objective: 'reg:squarederror', sigmoidScale: 1 };
  }
  throw new UnsupportedModelError(`objective ${text.trim()}`, 'supported LightGBM objectives: binary, multiclass, multiclassova, cross_entropy and the identity-output regressions (regression, regression_l1, huber, fair, quantile, mape, lambdarank)');
}

/** Parses "a b c" as numbers, naming the line on failure. */
function numbers(text: string | undefined, where: string, n: number, integer = false): number[] {
  if (text === undefined) {
    if (n === 0) return [];
    return fail(where, 'missing');
  }
  const parts = text.trim() === '' ? [] : text.trim().split(/\s+/);
  if (parts.length !== n) fail(where, `has ${parts.length} value(s), expected ${n}`);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const s = parts[i]!;
    const v = s === 'inf' || s === '+inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' || s === '-nan' ? NaN : Number(s);
    if (Number.isNaN(v) || (integer && !Number.isInteger(v))) fail(where, `invalid number ${describeValue(s)} at position ${i}`);
    out[i] = v;
  }
  return out;
}

/** One `Tree=` block: where it starts and its `key=value` lines. */
interface TreeText {
  line: number;
  kv: Map<string, string>;
}

/** The header's `key=value` lines, the `Tree=` blocks, and whether the `end of trees` line was reached. */
interface Sections {
  header: Map<string, string>;
  trees: TreeText[];
  ended: boolean;
  lineCount: number;
}

/** Splits the text into the header, the `Tree=` blocks (numbered 0, 1, ... in order) and what follows. */
function sections(text: string): Sections {
  const lines = text.split(/\r?\n/);
  const header = new Map<string, string>();
  const trees: TreeText[] = [];
  let cur: TreeText | undefined;
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i]!.trim();
    if (ln === 'end of trees') return { header, trees, ended: true, lineCount: lines.length };
    if (ln.startsWith('Tree=')) {
      if (parseCount(ln.slice(5), 0) !== trees.length) fail(`line ${i + 1}`, `expected Tree=${trees.length}, got ${describeValue(ln)}`);
      cur = { line: i + 1, kv: new Map() };
      trees.push(cur);
      continue;
    }
    if (ln === '') continue;
    const eq = ln.indexOf('=');
    const key = eq < 0 ? ln : ln.slice(0, eq);
    const val = eq < 0 ? '' : ln.slice(eq + 1);
    (cur ? cur.kv : header).set(key, val);
  }
  return { header, trees, ended: false, lineCount: lines.length };
}

/** A count or index field (`num_leaves`, `num_cat`, `max_feature_idx`, ...): decimal digits, at least `min`. */
function countField(value: string | undefined, where: string, min: number, dflt?: number): number {
  if (value === undefined && dflt !== undefined) return dflt;
  const n = parseCount(value, min);
  if (n === undefined) return fail(where, value === undefined ? 'missing' : `expected an integer >= ${min}, got ${describeValue(value)}`);
  return n;
}

/** The arrays of a `Tree=` block whose lengths the block's counts announce, read (and counted) before allocation. */
interface TreeCounts {
  numLeaves: number;
  leafValue: number[];
  numCat: number;
  catBoundaries: number[];
  catThreshold: number[];
}

/**
 * Reads a tree's counts (`num_leaves`, `num_cat`) and the arrays that must hold that many values (`leaf_value`,
 * `cat_boundaries`, `cat_threshold`), so that every count is checked against the values actually on its line
 * before any node is allocated.
 */
function treeCounts(tr: TreeText, t: number): TreeCounts {
  const w = (k: string): string => `Tree=${t} ${k}`;
  const numLeaves = countField(tr.kv.get('num_leaves'), w('num_leaves'), 1);
  if (tr.kv.get('is_linear') !== undefined && tr.kv.get('is_linear')!.trim() !== '0') throw new UnsupportedModelError('linear trees', `Tree=${t} is a linear tree (linear_tree=true)`);
  const leafValue = numbers(tr.kv.get('leaf_value'), w('leaf_value'), numLeaves);
  const numCat = countField(tr.kv.get('num_cat'), w('num_cat'), 0, 0);
  if (numCat === 0) return { numLeaves, leafValue, numCat, catBoundaries: [], catThreshold: [] };
  const cb = numbers(tr.kv.get('cat_boundaries'), w('cat_boundaries'), numCat + 1, true);
  for (let k = 0; k < numCat; k++) if (!(cb[k]! >= 0 && cb[k + 1]! >= cb[k]!)) fail(w('cat_boundaries'), 'must be non-decreasing from 0 to the cat_threshold length');
  const ct = numbers(tr.kv.get('cat_threshold'), w('cat_threshold'), cb[numCat]!, true);
  for (let k = 0; k < ct.length; k++) if (ct[k]! < 0 || ct[k]! > 4294967295) fail(w('cat_threshold'), `word ${k} is not a 32-bit unsigned integer`);
  return { numLeaves, leafValue, numCat, catBoundaries: cb, catThreshold: ct };
}

/**
 * Checks the `tree_sizes` header, if present: one size (a count) per `Tree=` block, so that a file truncated or
 * spliced at a block boundary fails. The sizes are not compared with the blocks (hand-edited files change them).
 */
function checkTreeSizes(value: string | undefined, numTrees: number): void {
  if (value === undefined) return;
  const parts = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (parts.length !== numTrees) fail('header tree_sizes', `lists ${parts.length} tree(s), the file has ${numTrees} Tree= block(s) (truncated or spliced)`);
  for (const s of parts) countField(s, 'header tree_sizes', 0);
}

/**
 * Reads a LightGBM model saved in its text format (`Booster.save_model`, `model_to_string`; LightGBM 2.x to 4.x).
 *
 * Parsed: the header (`num_class`, `num_tree_per_iteration`, `max_feature_idx`, `objective`, `average_output`,
 * `feature_names`) and every `Tree=` block: `split_feature`, `threshold`, `decision_type` (bit 0 categorical, bit 1
 * default-left, bits 2-3 missing type None/Zero/NaN), `left_child`/`right_child` (a negative child `c` is leaf `~c`),
 * `leaf_value`, `cat_boundaries`/`cat_threshold` (categorical bitsets), `split_gain`, `internal_value`,
 * `internal_count`/`leaf_count` (kept as cover for TreeSHAP). Dart models need nothing special (LightGBM saves the
 * already-normalized leaf values); `average_output` (random forest) divides each class's sum by its tree count.
 *
 * Predictions follow LightGBM's `Tree::GetLeaf` / `NumericalDecision` / `CategoricalDecision` exactly and sum in
 * double in tree order; the output transform uses `Math.exp`, so probabilities agree with LightGBM's to ~1e-15
 * (raw scores and leaf indices exactly). `predictLeaves` numbers leaves as LightGBM does (`pred_leaf=True`).
 *
 * Throws {@link ModelFormatError} (naming the line) for malformed text and {@link UnsupportedModelError} for
 * linear trees, the sqrt-transformed regression, or objectives with an exp/log transform (poisson, gamma, tweedie).
 *
 * Bounded (see `bounded.ts`): a truncated file fails (the `end of trees` line is required, and `tree_sizes`, when
 * present, must list one size per `Tree=` block); every count (`num_leaves`, `num_cat`, `cat_boundaries`, ...) is a
 * decimal integer checked against the values actually on its line before the nodes are allocated;
 * `max_feature_idx < 2^24` and `num_class <= max(1, trees)`. So an n-character text allocates O(n) memory.
 *
 * Reference: LightGBM `src/io/tree.cpp` (`Tree::Tree(const char*)`, `ToString`), `include/LightGBM/tree.h`,
 * `src/boosting/gbdt_model_text.cpp` (`LoadModelFromString`).
 *
 * @example
 * ```ts
 * const model = loadLightGBMModel(readFileSync('model.txt', 'utf8'))
 * model.predictProba({ rows: 1, cols: model.nFeatures, data: Float64Array.from(x) })
 * ```
 */
export function loadLightGBMModel(text: string): TreeEnsembleModel {
  if (typeof text !== 'string') fail('$', `expected the model text as a string, got ${describeValue(text)}`);
  const { header, trees, ended, lineCount } = sections(text);
  if (trees.length === 0 && !header.has('num_class') && !header.has('version')) fail('line 1', 'not a LightGBM text model (no header, no Tree= blocks)');
  if (!ended) fail(`line ${lineCount}`, "no 'end of trees' line: the model is truncated");
  checkTreeSizes(header.get('tree_sizes'), trees.length);
  const nFeatures = countField(header.get('max_feature_idx'), 'header max_feature_idx', -1) + 1;
  const numClass = countField(header.get('num_class'), 'header num_class', 1, 1);
  const perIter = countField(header.get('num_tree_per_iteration'), 'header num_tree_per_iteration', 1, numClass);
  if (perIter !== numClass) fail('header num_tree_per_iteration', `num_tree_per_iteration ${perIter} must equal num_class ${numClass}`);
  checkModelShape({ nFeatures, numClass, numTrees: trees.length }, (field, message) => fail(field === 'nFeatures' ? 'header max_feature_idx' : 'header num_class', message));
  const objText = header.get('objective');
  const { objective, sigmoidScale } = objText === undefined ? { objective: (numClass > 1 ? 'multiclass' : 'reg:squarederror') as GBDTObjective, sigmoidScale: 1 } : parseObjective(objText, 'header objective');
  if ((objective === 'multiclass' || objective === 'multiclassova') !== numClass > 1) fail('header num_class', `num_class ${numClass} does not fit objective ${describeValue(objText)}`);
  const averageOutput = header.has('average_output');
  let featureNames: string[] | undefined;
  const fn = header.get('feature_names');
  if (fn !== undefined && fn.trim() !== '') {
    featureNames = fn.trim().split(/\s+/);
    if (featureNames.length !== nFeatures) fail('header feature_names', `has ${featureNames.length} names for ${nFeatures} features`);
  }
  if (trees.length % numClass !== 0) fail('Tree blocks', `${trees.length} trees is not a multiple of num_tree_per_iteration ${numClass}`);

  // First pass: the counts of every tree, each checked against the values on its lines.
  const nTrees = trees.length;
  const counts = trees.map(treeCounts);
  const treeStart = new Int32Array(nTrees + 1);
  let total = 0;
  let totalCat = 0;
  for (let t = 0; t < nTrees; t++) {
    treeStart[t] = total;
    total += 2 * counts[t]!.numLeaves - 1;
    totalCat += counts[t]!.catThreshold.length;
  }
  treeStart[nTrees] = total;
  const nodes = allocateNodes(total);
  const { feature, threshold, left, right, defaultLeft, splitKind, missingType, catStart, catEnd, value, cover, gain } = nodes;
  const catBits = new Uint32Array(totalCat);
  let catOff = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    const { numLeaves: L, leafValue, numCat: nc, catBoundaries: cb, catThreshold: ct } = counts[t]!;
    const nI = L - 1;
    const o = treeStart[t]!;
    const w = (k: string): string => `Tree=${t} ${k}`;
    for (let j = 0; j < L; j++) {
      if (!Number.isFinite(leafValue[j]!)) fail(w('leaf_value'), `leaf ${j} is not finite`);
      value[o + nI + j] = leafValue[j]!;
    }
    const leafCount = tr.kv.has('leaf_count') ? numbers(tr.kv.get('leaf_count'), w('leaf_count'), L) : undefined;
    if (leafCount) for (let j = 0; j < L; j++) cover[o + nI + j] = leafCount[j]!;
    catBits.set(ct, catOff);
    if (nI === 0) continue;
    const sf = numbers(tr.kv.get('split_feature'), w('split_feature'), nI, true);
    const th = numbers(tr.kv.get('threshold'), w('threshold'), nI);
    const dt = numbers(tr.kv.get('decision_type'), w('decision_type'), nI, true);
    const lc = numbers(tr.kv.get('left_child'), w('left_child'), nI, true);
    const rc = numbers(tr.kv.get('right_child'), w('right_child'), nI, true);
    const sg = tr.kv.has('split_gain') ? numbers(tr.kv.get('split_gain'), w('split_gain'), nI) : undefined;
    const iv = tr.kv.has('internal_value') ? numbers(tr.kv.get('internal_value'), w('internal_value'), nI) : undefined;
    const ic = tr.kv.has('internal_count') ? numbers(tr.kv.get('internal_count'), w('internal_count'), nI) : undefined;
    const child = (c: number, k: string, i: number): number => {
      if (c >= 0) {
        if (c >= nI) fail(w(k), `node ${i}: internal child ${c} out of range [0, ${nI})`);
        return o + c;
      }
      const leaf = ~c;
      if (leaf >= L) fail(w(k), `node ${i}: leaf child ${leaf} out of range [0, ${L})`);
      return o + nI + leaf;
    };
    for (let i = 0; i < nI; i++) {
      const n = o + i;
      const f = sf[i]!;
      if (f < 0 || f >= nFeatures) fail(w('split_feature'), `node ${i}: feature ${f} out of range [0, ${nFeatures})`);
      feature[n] = f;
      left[n] = child(lc[i]!, 'left_child', i);
      right[n] = child(rc[i]!, 'right_child', i);
      const d = dt[i]!;
      if (d < 0 || d > 15) fail(w('decision_type'), `node ${i}: invalid decision type ${d}`);
      defaultLeft[n] = (d >> 1) & 1;
      missingType[n] = (d >> 2) & 3;
      if (missingType[n]! > MISSING_NAN) fail(w('decision_type'), `node ${i}: invalid missing type ${missingType[n]}`);
      if (d & 1) {
        splitKind[n] = SPLIT_LIGHTGBM_CATEGORICAL;
        const ci = th[i]!;
        if (!Number.isInteger(ci) || ci < 0 || ci >= nc) fail(w('threshold'), `node ${i}: categorical index ${ci} out of range [0, ${nc})`);
        catStart[n] = catOff + cb[ci]!;
        catEnd[n] = catOff + cb[ci + 1]!;
      } else {
        splitKind[n] = SPLIT_LIGHTGBM_NUMERIC;
        threshold[n] = th[i]!;
      }
      if (sg) gain[n] = sg[i]!;
      if (iv) value[n] = iv[i]!;
      if (ic) cover[n] = ic[i]!;
    }
    catOff += ct.length;
  }
  return buildModel({ nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin: 0, sumMode: 'float64', averageOutput, leafNumbering: 'leaf', treeStart, catBits, ...nodes }, 'lightgbm-text');
}
