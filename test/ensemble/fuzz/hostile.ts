/**
 * The specific hostile inputs tried against every model reader, each a named case with its expected outcome: the
 * error code (and a fragment of the message naming the place) or `'ok'` for inputs that must load. Issue 13's
 * reader examples are the first of each group. The inputs are built inside the fuzz worker (they may be large,
 * sparse or not cloneable), which runs them under its memory cap and time limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../../../src/ensemble/gbdt/io/crc32.js';
import { modelToBinary } from '../../../src/ensemble/gbdt/io/model-binary.js';
import { modelToJSON } from '../../../src/ensemble/gbdt/io/model-json.js';
import { loadXGBoostModel } from '../../../src/ensemble/gbdt/io/xgboost.js';
import { mlpToBinary } from '../../../src/ensemble/mlp/binary.js';
import { mlpToJSON } from '../../../src/ensemble/mlp/json.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import { LGB_FIXTURES, XGB_FIXTURES } from '../xgboost-fixtures.js';
import type { ReaderName } from './corpus.js';

/** A small MLP (two features, one hidden unit), built by hand. */
const mlp = (): MLPModel =>
  new MLPModel({
    objective: 'binary',
    scaler: { center: Float64Array.of(0, 1), scale: Float64Array.of(1, 2), impute: Float64Array.of(0, 1) },
    layers: [
      { inputs: 2, outputs: 1, activation: 'relu', weight: Float32Array.of(0.5, -0.25), bias: Float32Array.of(0.1) },
      { inputs: 1, outputs: 1, activation: 'sigmoid', weight: Float32Array.of(2), bias: Float32Array.of(-1) },
    ],
  });
const withMLP = (edit: (o: Record<string, any>) => void) => (): Record<string, any> => {
  const o = JSON.parse(mlpToJSON(mlp()));
  edit(o);
  return o;
};
const mlpBinary = (): Uint8Array => mlpToBinary(mlp());
/** `data` with the u32 at `at` set to `value`, length and CRC-32 of bytes [16, end) made to match. */
const resealed = (data: Uint8Array, at: number, value: number): Uint8Array => {
  const out = data.slice();
  new DataView(out.buffer).setUint32(at, value, true);
  new DataView(out.buffer).setUint32(12, crc32(out, 16, out.length), true);
  return out;
};
/** A sealed ensemble artifact of 32 bytes whose header length field says `headerLength`. */
const artifact = (headerLength: number): Uint8Array => {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x45345641, true);
  v.setUint16(4, 1, true);
  v.setUint32(8, 32, true);
  v.setUint32(12, headerLength, true);
  v.setUint32(28, crc32(out, 0, 28), true);
  return out;
};

/** What a hostile case must give: a typed error with this code (and message fragment), or a value. */
export type Expected = { code: 'MODEL_FORMAT' | 'MODEL_CORRUPT' | 'MODEL_UNSUPPORTED'; match?: string } | 'ok';

export interface HostileCase {
  name: string;
  reader: ReaderName;
  build: () => unknown;
  expect: Expected;
}

const FORMAT = (match?: string): Expected => (match === undefined ? { code: 'MODEL_FORMAT' } : { code: 'MODEL_FORMAT', match });
const CORRUPT = (match?: string): Expected => (match === undefined ? { code: 'MODEL_CORRUPT' } : { code: 'MODEL_CORRUPT', match });
const UNSUPPORTED: Expected = { code: 'MODEL_UNSUPPORTED' };

const xgbText = (): string => readFileSync(join(XGB_FIXTURES, 'binary_d2.model.json'), 'utf8');
const xgb = (): Record<string, any> => JSON.parse(xgbText());
const withXgb = (edit: (o: Record<string, any>) => void) => (): Record<string, any> => {
  const o = xgb();
  edit(o);
  return o;
};
const lmp = (o: Record<string, any>): Record<string, any> => o.learner.learner_model_param;
const trees = (o: Record<string, any>): Record<string, any>[] => o.learner.gradient_booster.model.trees;
const ubjFixture = (): Uint8Array => new Uint8Array(readFileSync(join(XGB_FIXTURES, 'binary_nan_d4_base03.model.ubj')));
const lgbText = (): string => readFileSync(join(LGB_FIXTURES, 'lg_dart_breast_cancer.model'), 'utf8');
const lgbKdd = (): string => readFileSync(join(LGB_FIXTURES, 'lg_kddcup99.model'), 'utf8');
const withLgb = (edit: (t: string) => string) => (): string => edit(lgbText());
/** A small valid LightGBM model (one stump, 237 bytes) with `num_leaves` and extra tree lines of choice. */
const stump = (leaves = '2', extra = ''): string =>
  `tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=0\nobjective=binary sigmoid:1\ntree_sizes=1\n\nTree=0\nnum_leaves=${leaves}\n${extra}` +
  'split_feature=0\nthreshold=0.5\ndecision_type=2\nleft_child=-1\nright_child=-2\nleaf_value=-1 1\n\nend of trees\n';
/** A LightGBM tree that is a chain `depth` splits deep (node i: leaf i on the left, node i + 1 on the right). */
const chain = (depth: number): string => {
  const nodes = Array.from({ length: depth }, (_, i) => i);
  const line = (k: string, f: (i: number) => number | string): string => `${k}=${nodes.map(f).join(' ')}\n`;
  const body =
    line('split_feature', () => 0) + line('threshold', (i) => i) + line('decision_type', () => 2) + line('left_child', (i) => -(i + 1)) +
    line('right_child', (i) => (i + 1 < depth ? i + 1 : -(depth + 1))) + line('internal_count', (i) => depth + 1 - i) +
    `leaf_value=${'0.5 '.repeat(depth + 1).trim()}\nleaf_count=${'1 '.repeat(depth + 1).trim()}\n`;
  return stump(String(depth + 1), '').replace(/split_feature=[^]*?leaf_value=-1 1\n/, body);
};
const sparse = (length: number): unknown[] => {
  const a: unknown[] = [];
  a.length = length;
  return a;
};
const binary = (): Uint8Array => modelToBinary(loadXGBoostModel(xgbText()));
/** The binary model with the u32 at `offset` replaced by `value` and the checksum recomputed (a forged file). */
const forged = (offset: number, value: number) => (): Uint8Array => {
  const b = binary();
  const v = new DataView(b.buffer);
  v.setUint32(offset, value, true);
  v.setUint32(12, crc32(b, 16, b.length), true);
  return b;
};
const alpha = (): Record<string, any> => JSON.parse(modelToJSON(loadXGBoostModel(xgbText())));
const withAlpha = (edit: (o: Record<string, any>) => void) => (): Record<string, any> => {
  const o = alpha();
  edit(o);
  return o;
};
const bytes = (...b: number[]) => (): Uint8Array => Uint8Array.from(b);
const repeat = (n: number, ...b: number[]) => (): Uint8Array => {
  const out = new Uint8Array(n * b.length);
  for (let i = 0; i < n; i++) out.set(b, i * b.length);
  return out;
};

/** Every hostile input tried, by reader. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  // UBJSON (XGBoost's binary JSON) and the bare parser
  { name: 'issue 13: 14-byte UBJSON, [$Z# with 2^31-1 nulls', reader: 'xgboost-ubjson', build: bytes(0x7b, 0x69, 1, 0x61, 0x5b, 0x24, 0x5a, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff, 0x7d), expect: FORMAT('budget') },
  { name: 'UBJSON [$T# with 2^31-1 trues', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x54, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff), expect: FORMAT('budget') },
  { name: 'UBJSON [$F# with 2^31-1 falses', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x46, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff), expect: FORMAT('budget') },
  { name: 'UBJSON [$Z# with an int64 count of 2^62', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x5a, 0x23, 0x4c, 0x40, 0, 0, 0, 0, 0, 0, 0), expect: FORMAT('budget') },
  { name: 'UBJSON [$Z# with a count equal to the input length', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x5a, 0x23, 0x69, 6), expect: 'ok' },
  { name: 'UBJSON 20,000 small [$Z# containers that together exceed the budget', reader: 'ubjson', build: () => Uint8Array.from([0x5b, ...repeat(20_000, 0x5b, 0x24, 0x5a, 0x23, 0x49, 0x7f, 0xff)(), 0x5d]), expect: FORMAT('budget') },
  { name: 'UBJSON negative container count', reader: 'ubjson', build: bytes(0x5b, 0x23, 0x69, 0xff), expect: FORMAT('invalid count') },
  { name: 'UBJSON negative int64 count', reader: 'ubjson', build: bytes(0x5b, 0x23, 0x4c, 0x80, 0, 0, 0, 0, 0, 0, 0), expect: FORMAT('invalid count') },
  { name: 'UBJSON string length 2^31-1', reader: 'ubjson', build: bytes(0x53, 0x6c, 0x7f, 0xff, 0xff, 0xff, 0x61), expect: FORMAT('string length') },
  { name: 'UBJSON negative string length', reader: 'ubjson', build: bytes(0x53, 0x69, 0x80), expect: FORMAT('invalid count') },
  { name: 'UBJSON high-precision number of length 2^40', reader: 'ubjson', build: bytes(0x48, 0x4c, 0, 0, 1, 0, 0, 0, 0, 0), expect: FORMAT('string length') },
  { name: 'UBJSON [$d# float32 array of 2^31-1 elements', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x64, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0), expect: FORMAT('container count') },
  { name: 'UBJSON [$L# int64 array of 2^60 elements', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x4c, 0x23, 0x4c, 0x10, 0, 0, 0, 0, 0, 0, 0), expect: FORMAT('container count') },
  { name: 'UBJSON [$S# string array of 2^31-1 elements', reader: 'ubjson', build: bytes(0x5b, 0x24, 0x53, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff), expect: FORMAT('container count') },
  { name: 'UBJSON object with a count of 2^31-1 entries', reader: 'ubjson', build: bytes(0x7b, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff, 0x7d), expect: FORMAT('container count') },
  { name: 'UBJSON 257 nested arrays', reader: 'ubjson', build: () => new Uint8Array(257).fill(0x5b), expect: FORMAT('nested deeper than 256') },
  { name: 'UBJSON 256 nested arrays, closed', reader: 'ubjson', build: () => Uint8Array.from([...new Uint8Array(256).fill(0x5b), ...new Uint8Array(256).fill(0x5d)]), expect: 'ok' },
  { name: 'UBJSON a million nested arrays', reader: 'xgboost-ubjson', build: () => Uint8Array.from([0x7b, 0x55, 1, 0x61, ...new Uint8Array(1_000_000).fill(0x5b)]), expect: FORMAT('nested deeper than 256') },
  { name: 'UBJSON 100,000 nested objects', reader: 'ubjson', build: repeat(100_000, 0x7b, 0x55, 1, 0x61), expect: FORMAT('nested deeper than 256') },
  { name: 'UBJSON 100,000 nested typed containers [$[#', reader: 'ubjson', build: repeat(100_000, 0x5b, 0x24, 0x5b, 0x23, 0x55, 1), expect: FORMAT('nested deeper than 256') },
  { name: 'UBJSON unknown type marker', reader: 'ubjson', build: bytes(0x7b, 0x55, 1, 0x61, 0x21, 0x7d), expect: FORMAT('unknown type marker') },
  { name: "UBJSON '$' type without a '#' count", reader: 'ubjson', build: bytes(0x5b, 0x24, 0x69, 0x69, 5), expect: FORMAT("'#' count") },
  { name: 'UBJSON a float as a count', reader: 'ubjson', build: bytes(0x5b, 0x23, 0x64, 0x3f, 0x80, 0, 0), expect: FORMAT('integer type marker') },
  { name: 'UBJSON empty input', reader: 'ubjson', build: bytes(), expect: FORMAT('end of input') },
  { name: 'UBJSON unterminated object', reader: 'ubjson', build: bytes(0x7b, 0x55, 1, 0x61, 0x54), expect: FORMAT('end of input') },
  { name: 'UBJSON "__proto__" key stays an own property', reader: 'ubjson', build: bytes(0x7b, 0x55, 9, ...Buffer.from('__proto__'), 0x7b, 0x55, 1, 0x61, 0x54, 0x7d, 0x7d), expect: 'ok' },
  { name: 'UBJSON XGBoost fixture cut by one byte', reader: 'xgboost-ubjson', build: () => ubjFixture().subarray(0, -1), expect: FORMAT('end of input') },
  { name: 'UBJSON XGBoost fixture cut in half', reader: 'xgboost-ubjson', build: () => ubjFixture().subarray(0, 19_000), expect: FORMAT() },
  { name: 'UBJSON trees given as [$Z# nulls', reader: 'xgboost-ubjson', build: () => Uint8Array.from([0x7b, 0x55, 7, ...Buffer.from('learner'), 0x5b, 0x24, 0x5a, 0x23, 0x55, 3, 0x7d]), expect: FORMAT('learner') },
  { name: 'parseUBJSON given null', reader: 'ubjson', build: () => null, expect: FORMAT('got null') },
  { name: 'parseUBJSON given a number[]', reader: 'ubjson', build: () => [0x5a], expect: FORMAT('got Array(1)') },
  { name: 'parseUBJSON given an ArrayBuffer', reader: 'ubjson', build: () => new ArrayBuffer(4), expect: FORMAT('Uint8Array') },

  // XGBoost JSON text, parsed object and bytes
  { name: 'issue 13: XGBoost num_feature=1e9', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '1000000000')), expect: FORMAT('num_feature') },
  { name: 'issue 13: XGBoost num_class=1e9 (multi:softprob)', reader: 'xgboost-object', build: withXgb((o) => ((lmp(o).num_class = '1000000000'), (o.learner.objective.name = 'multi:softprob'))), expect: FORMAT('num_class') },
  { name: 'XGBoost num_feature=2^24+1', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '16777217')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature=2^24 (the bound itself) loads', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '16777216')), expect: 'ok' },
  { name: 'XGBoost num_feature as a number 1e300', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = 1e300)), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature=-1', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '-1')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature=abc', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = 'abc')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature empty', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature=6.5', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '6.5')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature=0x6', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = '0x6')), expect: FORMAT('num_feature') },
  { name: 'XGBoost num_feature a bigint', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_feature = 6n)), expect: FORMAT('got 6n') },
  { name: 'XGBoost num_class=-3', reader: 'xgboost-object', build: withXgb((o) => (lmp(o).num_class = '-3')), expect: FORMAT('num_class') },
  { name: 'XGBoost num_trees says 21 for 20 trees', reader: 'xgboost-object', build: withXgb((o) => (o.learner.gradient_booster.model.gbtree_model_param.num_trees = '21')), expect: FORMAT('num_trees') },
  { name: 'XGBoost tree_param.num_nodes says 9 for 7 nodes', reader: 'xgboost-object', build: withXgb((o) => (trees(o)[4]!.tree_param.num_nodes = '9')), expect: FORMAT('trees[4].tree_param.num_nodes') },
  { name: 'XGBoost tree_info class 1e9', reader: 'xgboost-object', build: withXgb((o) => (o.learner.gradient_booster.model.tree_info[2] = 1e9)), expect: FORMAT('tree_info[2]') },
  { name: 'XGBoost trees as a sparse array of length 1e9', reader: 'xgboost-object', build: withXgb((o) => (o.learner.gradient_booster.model.trees = sparse(1e9))), expect: FORMAT('num_trees') },
  { name: 'XGBoost left_children as a sparse array of length 1e8', reader: 'xgboost-object', build: withXgb((o) => ((trees(o)[0]!.left_children = sparse(1e8)), delete trees(o)[0]!.tree_param)), expect: FORMAT('trees[0].left_children[0]') },
  { name: 'XGBoost left_children a string', reader: 'xgboost-object', build: withXgb((o) => (trees(o)[0]!.left_children = 'x'.repeat(1e6))), expect: FORMAT('got "xxxx') },
  { name: 'XGBoost split_conditions holding a string', reader: 'xgboost-object', build: withXgb((o) => (trees(o)[1]!.split_conditions[2] = '0.5')), expect: FORMAT('trees[1].split_conditions[2]') },
  { name: 'XGBoost split_indices out of range', reader: 'xgboost-object', build: withXgb((o) => (trees(o)[0]!.split_indices[0] = 2 ** 31)), expect: FORMAT('split_indices[0]') },
  { name: 'XGBoost left_children forming a cycle', reader: 'xgboost-object', build: withXgb((o) => (trees(o)[0]!.left_children[1] = 0)), expect: FORMAT('reached twice') },
  { name: 'XGBoost learner a Float64Array', reader: 'xgboost-object', build: () => ({ learner: new Float64Array(10) }), expect: FORMAT('got Float64Array(10)') },
  { name: 'XGBoost root an array', reader: 'xgboost-object', build: () => [xgb()], expect: FORMAT('got Array(1)') },
  { name: 'XGBoost given null', reader: 'xgboost-object', build: () => null, expect: FORMAT('got null') },
  { name: 'XGBoost given a number', reader: 'xgboost-object', build: () => 42, expect: FORMAT('got 42') },
  { name: 'XGBoost given true', reader: 'xgboost-object', build: () => true, expect: FORMAT('got true') },
  { name: 'XGBoost given undefined', reader: 'xgboost-object', build: () => undefined, expect: FORMAT('got undefined') },
  { name: 'XGBoost given a Float64Array', reader: 'xgboost-object', build: () => new Float64Array(1_766_338), expect: FORMAT('got Float64Array(1766338)') },
  { name: 'XGBoost given a Uint8ClampedArray', reader: 'xgboost-object', build: () => new Uint8ClampedArray(8), expect: FORMAT('Uint8ClampedArray(8)') },
  { name: 'XGBoost given a DataView', reader: 'xgboost-object', build: () => new DataView(new ArrayBuffer(8)), expect: FORMAT('DataView') },
  { name: 'XGBoost given a function', reader: 'xgboost-object', build: () => () => 1, expect: FORMAT('a function') },
  { name: 'XGBoost given an object that is not a model', reader: 'xgboost-object', build: () => ({ hello: 'world' }), expect: FORMAT('learner') },
  { name: 'XGBoost JSON text of a million nested arrays', reader: 'xgboost-json', build: () => '['.repeat(1_000_000) + ']'.repeat(1_000_000), expect: FORMAT('got Array(1)') },
  { name: 'XGBoost JSON text cut after "trees":[', reader: 'xgboost-json', build: () => xgbText().slice(0, xgbText().indexOf('"trees":[') + 9), expect: FORMAT('invalid JSON') },
  { name: 'XGBoost JSON text with a byte-order mark', reader: 'xgboost-json', build: () => `\ufeff${xgbText()}`, expect: FORMAT('invalid JSON') },
  { name: 'XGBoost JSON text with "__proto__" as the root key', reader: 'xgboost-json', build: () => `{"__proto__":${xgbText()}}`, expect: FORMAT('learner') },
  { name: 'XGBoost JSON text of an objective name of a megabyte', reader: 'xgboost-json', build: () => xgbText().replace('"binary:logistic"', `"${'x'.repeat(1e6)}"`), expect: UNSUPPORTED },
  { name: 'XGBoost JSON text with per-class base scores', reader: 'xgboost-json', build: () => xgbText().replace('"base_score":"5E-1"', '"base_score":"[5E-1,6E-1]"'), expect: UNSUPPORTED },
  { name: 'XGBoost JSON text with base_score abc', reader: 'xgboost-json', build: () => xgbText().replace('"base_score":"5E-1"', '"base_score":"abc"'), expect: FORMAT('base_score') },
  { name: 'XGBoost JSON as UTF-8 bytes loads', reader: 'xgboost-json', build: () => Buffer.from(xgbText()), expect: 'ok' },
  { name: 'XGBoost JSON as UTF-16 bytes', reader: 'xgboost-json', build: () => Buffer.from(xgbText(), 'utf16le'), expect: FORMAT('invalid JSON') },

  // LightGBM text
  { name: 'issue 13: LightGBM truncated before Tree=3', reader: 'lightgbm-text', build: withLgb((t) => t.slice(0, t.indexOf('Tree=3'))), expect: FORMAT("'end of trees'") },
  { name: 'issue 13: a 244-byte LightGBM file with num_leaves=20000000', reader: 'lightgbm-text', build: () => stump('20000000'), expect: FORMAT('leaf_value: has 2 value(s), expected 20000000') },
  { name: 'issue 13: LightGBM num_leaves=1e9', reader: 'lightgbm-text', build: () => stump('1000000000'), expect: FORMAT('leaf_value') },
  { name: 'issue 13: LightGBM num_cat=abc', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=abc\n'), expect: FORMAT('Tree=0 num_cat') },
  { name: 'the 237-byte LightGBM stump itself loads', reader: 'lightgbm-text', build: () => stump(), expect: 'ok' },
  { name: 'LightGBM num_leaves=1e9 written 1e9', reader: 'lightgbm-text', build: () => stump('1e9'), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_leaves=-1', reader: 'lightgbm-text', build: () => stump('-1'), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_leaves=0', reader: 'lightgbm-text', build: () => stump('0'), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_leaves empty', reader: 'lightgbm-text', build: () => stump(''), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_leaves=2.0', reader: 'lightgbm-text', build: () => stump('2.0'), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_leaves of 400 digits', reader: 'lightgbm-text', build: () => stump('9'.repeat(400)), expect: FORMAT('Tree=0 num_leaves') },
  { name: 'LightGBM num_cat=-1', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=-1\n'), expect: FORMAT('Tree=0 num_cat') },
  { name: 'LightGBM num_cat=1.5', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=1.5\n'), expect: FORMAT('Tree=0 num_cat') },
  { name: 'LightGBM num_cat=1e9', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=1000000000\ncat_boundaries=0 1\ncat_threshold=1\n'), expect: FORMAT('cat_boundaries') },
  { name: 'LightGBM cat_boundaries ending at 1e9', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=1\ncat_boundaries=0 1000000000\ncat_threshold=1\n'), expect: FORMAT('cat_threshold: has 1 value(s), expected 1000000000') },
  { name: 'LightGBM cat_boundaries decreasing', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=2\ncat_boundaries=0 2 1\ncat_threshold=1\n'), expect: FORMAT('cat_boundaries') },
  { name: 'LightGBM cat_threshold word above 2^32', reader: 'lightgbm-text', build: () => stump('2', 'num_cat=1\ncat_boundaries=0 1\ncat_threshold=4294967296\n'), expect: FORMAT('cat_threshold') },
  { name: 'LightGBM max_feature_idx=1e9', reader: 'lightgbm-text', build: () => stump().replace('max_feature_idx=0', 'max_feature_idx=1000000000'), expect: FORMAT('max_feature_idx') },
  { name: 'LightGBM max_feature_idx=abc', reader: 'lightgbm-text', build: () => stump().replace('max_feature_idx=0', 'max_feature_idx=abc'), expect: FORMAT('max_feature_idx') },
  { name: 'LightGBM max_feature_idx empty', reader: 'lightgbm-text', build: () => stump().replace('max_feature_idx=0', 'max_feature_idx='), expect: FORMAT('max_feature_idx') },
  { name: 'LightGBM max_feature_idx=-5', reader: 'lightgbm-text', build: () => stump().replace('max_feature_idx=0', 'max_feature_idx=-5'), expect: FORMAT('max_feature_idx') },
  { name: 'LightGBM num_class=1e9 with no trees', reader: 'lightgbm-text', build: () => 'tree\nversion=v4\nnum_class=1000000000\nnum_tree_per_iteration=1000000000\nmax_feature_idx=0\nobjective=multiclass num_class:1000000000\n\nend of trees\n', expect: FORMAT('num_class') },
  { name: 'LightGBM num_class=0', reader: 'lightgbm-text', build: () => stump().replace('num_class=1', 'num_class=0'), expect: FORMAT('num_class') },
  { name: 'LightGBM tree_sizes listing 11 trees for 10', reader: 'lightgbm-text', build: withLgb((t) => t.replace(/^tree_sizes=(.*)$/m, 'tree_sizes=$1 999')), expect: FORMAT('tree_sizes') },
  { name: 'LightGBM last Tree= block removed, end of trees kept', reader: 'lightgbm-text', build: withLgb((t) => t.slice(0, t.indexOf('Tree=9')) + t.slice(t.indexOf('end of trees'))), expect: FORMAT('tree_sizes') },
  { name: 'LightGBM tree_sizes with a non-number', reader: 'lightgbm-text', build: withLgb((t) => t.replace(/^tree_sizes=\d+/m, 'tree_sizes=abc')), expect: FORMAT('tree_sizes') },
  { name: "LightGBM cut one character before 'end of trees' ends", reader: 'lightgbm-text', build: withLgb((t) => t.slice(0, t.indexOf('end of trees') + 11)), expect: FORMAT("'end of trees'") },
  { name: "LightGBM cut right after 'end of trees' loads", reader: 'lightgbm-text', build: withLgb((t) => t.slice(0, t.indexOf('end of trees') + 12)), expect: 'ok' },
  { name: 'LightGBM with CRLF line ends loads', reader: 'lightgbm-text', build: withLgb((t) => t.replace(/\n/g, '\r\n')), expect: 'ok' },
  { name: 'LightGBM Tree= blocks out of order', reader: 'lightgbm-text', build: withLgb((t) => t.replace('Tree=2\n', 'Tree=7\n')), expect: FORMAT('expected Tree=2') },
  { name: 'LightGBM Tree= without a number', reader: 'lightgbm-text', build: () => stump().replace('Tree=0', 'Tree='), expect: FORMAT('expected Tree=0') },
  { name: 'LightGBM Tree=0x0', reader: 'lightgbm-text', build: () => stump().replace('Tree=0', 'Tree=0x0'), expect: FORMAT('expected Tree=0') },
  { name: 'LightGBM a Tree= block repeated', reader: 'lightgbm-text', build: withLgb((t) => t.replace('Tree=2\n', 'Tree=1\n')), expect: FORMAT('expected Tree=2') },
  { name: 'LightGBM leaf_value inf', reader: 'lightgbm-text', build: () => stump().replace('leaf_value=-1 1', 'leaf_value=-1 inf'), expect: FORMAT('not finite') },
  { name: 'LightGBM decision_type=16', reader: 'lightgbm-text', build: () => stump().replace('decision_type=2', 'decision_type=16'), expect: FORMAT('decision type') },
  { name: 'LightGBM left_child=2^31', reader: 'lightgbm-text', build: () => stump().replace('left_child=-1', 'left_child=2147483648'), expect: FORMAT('left_child') },
  { name: 'LightGBM split_feature=-1', reader: 'lightgbm-text', build: () => stump().replace('split_feature=0', 'split_feature=-1'), expect: FORMAT('split_feature') },
  { name: 'LightGBM a leaf_value line of a million tokens', reader: 'lightgbm-text', build: () => stump().replace('leaf_value=-1 1', `leaf_value=${'1 '.repeat(1e6)}`), expect: FORMAT('leaf_value') },
  { name: 'LightGBM objective of a megabyte', reader: 'lightgbm-text', build: () => stump().replace('objective=binary sigmoid:1', `objective=${'x'.repeat(1e6)}`), expect: UNSUPPORTED },
  { name: 'LightGBM 13-class model cut inside its last tree', reader: 'lightgbm-text', build: () => lgbKdd().slice(0, lgbKdd().indexOf('end of trees') - 500), expect: FORMAT("'end of trees'") },
  { name: 'LightGBM a chain tree 20,000 splits deep loads (TreeSHAP refuses it, typed)', reader: 'lightgbm-text', build: () => chain(20_000), expect: 'ok' },
  { name: 'LightGBM given null', reader: 'lightgbm-text', build: () => null, expect: FORMAT('got null') },
  { name: 'LightGBM given a number', reader: 'lightgbm-text', build: () => 42, expect: FORMAT('got 42') },
  { name: 'LightGBM given the text as bytes', reader: 'lightgbm-text', build: () => new Uint8Array(Buffer.from(stump())), expect: FORMAT('got Uint8Array(') },
  { name: 'LightGBM given a Float64Array', reader: 'lightgbm-text', build: () => new Float64Array(3), expect: FORMAT('got Float64Array(3)') },
  { name: 'LightGBM given an object', reader: 'lightgbm-text', build: () => ({ text: stump() }), expect: FORMAT('got object { text }') },

  // our binary format
  { name: 'issue 13: binary numNodes=0xFFFFFFFF with a recomputed CRC', reader: 'alpha-binary', build: forged(28, 0xffffffff), expect: CORRUPT('numNodes') },
  { name: 'binary numTrees=0xFFFFFFFF with a recomputed CRC', reader: 'alpha-binary', build: forged(24, 0xffffffff), expect: CORRUPT('numTrees') },
  { name: 'binary numCat=0xFFFFFFFF with a recomputed CRC', reader: 'alpha-binary', build: forged(32, 0xffffffff), expect: CORRUPT('numCat') },
  { name: 'binary nFeatures=0xFFFFFFFF with a recomputed CRC', reader: 'alpha-binary', build: forged(16, 0xffffffff), expect: CORRUPT('nFeatures') },
  { name: 'binary numClass=1e9 with a recomputed CRC', reader: 'alpha-binary', build: forged(20, 1e9), expect: CORRUPT('numClass') },
  { name: 'binary feature-name count 0xFFFFFFFE with a recomputed CRC', reader: 'alpha-binary', build: forged(56, 0xfffffffe), expect: CORRUPT('feature names') },
  { name: 'binary total length 0xFFFFFFFF', reader: 'alpha-binary', build: () => binary().fill(0xff, 8, 12), expect: CORRUPT('truncated') },
  { name: 'binary numNodes = remaining bytes, every array omitted as all-zero', reader: 'alpha-binary', build: () => zeroArrays(), expect: CORRUPT('layout') },
  { name: 'binary invalid storage mode with a recomputed CRC', reader: 'alpha-binary', build: forged(60, 0xffffff09), expect: CORRUPT('storage mode') },
  { name: 'binary trailing bytes', reader: 'alpha-binary', build: () => Uint8Array.from([...binary(), 0]), expect: CORRUPT('trailing') },
  { name: 'binary header only', reader: 'alpha-binary', build: () => binary().subarray(0, 16), expect: CORRUPT('truncated') },
  { name: 'binary three bytes', reader: 'alpha-binary', build: bytes(0x41, 0x47, 0x42), expect: CORRUPT('truncated') },
  { name: 'binary version 2', reader: 'alpha-binary', build: () => binary().fill(2, 4, 5), expect: CORRUPT('version') },
  { name: 'binary given a Node Buffer loads', reader: 'alpha-binary', build: () => Buffer.from(binary()), expect: 'ok' },
  { name: 'binary given a Float64Array', reader: 'alpha-binary', build: () => new Float64Array(binary().buffer.slice(0, 8)), expect: CORRUPT('got Float64Array(1)') },
  { name: 'binary given an ArrayBuffer', reader: 'alpha-binary', build: () => binary().buffer, expect: CORRUPT('got ArrayBuffer(') },
  { name: 'binary given a number[]', reader: 'alpha-binary', build: () => [...binary()], expect: CORRUPT('got Array(') },
  { name: 'binary given null', reader: 'alpha-binary', build: () => null, expect: CORRUPT('got null') },
  { name: 'binary given a string', reader: 'alpha-binary', build: () => 'AGBT', expect: CORRUPT('got "AGBT"') },

  // our JSON format
  { name: 'alpha-json nFeatures=1e9', reader: 'alpha-json', build: withAlpha((o) => (o.nFeatures = 1e9)), expect: FORMAT('nFeatures') },
  { name: 'alpha-json numClass=1e9', reader: 'alpha-json', build: withAlpha((o) => ((o.numClass = 1e9), (o.objective = 'multiclass'))), expect: FORMAT('numClass') },
  { name: 'alpha-json numClass=1.5', reader: 'alpha-json', build: withAlpha((o) => (o.numClass = 1.5)), expect: FORMAT('numClass') },
  { name: 'alpha-json treeStart ending at 1e9', reader: 'alpha-json', build: withAlpha((o) => (o.treeStart[o.treeStart.length - 1] = 1e9)), expect: FORMAT('treeStart') },
  { name: 'alpha-json left holding 2^31', reader: 'alpha-json', build: withAlpha((o) => (o.left[0] = 2 ** 31)), expect: FORMAT('left[0]') },
  { name: 'alpha-json value as a sparse array of length 1e9', reader: 'alpha-json', build: withAlpha((o) => (o.value = sparse(1e9))), expect: FORMAT('value[0]') },
  { name: 'alpha-json featureNames of numbers', reader: 'alpha-json', build: withAlpha((o) => (o.featureNames = [1, 2, 3, 4, 5, 6])), expect: FORMAT('featureNames') },
  { name: 'alpha-json version 2', reader: 'alpha-json', build: withAlpha((o) => (o.version = 2)), expect: FORMAT('version') },
  { name: 'alpha-json format tag of a megabyte', reader: 'alpha-json', build: withAlpha((o) => (o.format = 'x'.repeat(1e6))), expect: FORMAT('(1000000 chars)') },
  { name: 'alpha-json text of a million nested arrays', reader: 'alpha-json', build: () => '['.repeat(1_000_000) + ']'.repeat(1_000_000), expect: FORMAT('got Array(1)') },
  { name: 'alpha-json given null', reader: 'alpha-json', build: () => null, expect: FORMAT('got null') },
  { name: 'alpha-json given a number', reader: 'alpha-json', build: () => 7, expect: FORMAT('got 7') },
  { name: 'alpha-json given a Float64Array', reader: 'alpha-json', build: () => new Float64Array(2), expect: FORMAT('got Float64Array(2)') },
  { name: 'alpha-json given an XGBoost model', reader: 'alpha-json', build: xgb, expect: FORMAT('format') },

  // the MLP, the ensemble artifact, ONNX
  { name: 'mlp-json weight as a sparse array of length 1e9', reader: 'mlp-json', build: withMLP((o) => (o.layers[0].weight = sparse(1e9))), expect: FORMAT('layers[0].weight[0]') },
  { name: 'mlp-json layers as a sparse array of length 1e9', reader: 'mlp-json', build: withMLP((o) => (o.layers = Object.assign(sparse(1e9), { 0: o.layers[0] }))), expect: FORMAT('layers[1]') },
  { name: 'mlp-json featureNames with a hole', reader: 'mlp-json', build: withMLP((o) => (o.featureNames = Object.assign(sparse(2), { 0: 'a' }))), expect: FORMAT('featureNames[1]') },
  { name: 'mlp-json featureNames of numbers', reader: 'mlp-json', build: withMLP((o) => (o.featureNames = [1, 2])), expect: FORMAT('featureNames[0]') },
  { name: 'mlp-json text of a million nested arrays', reader: 'mlp-json', build: () => '['.repeat(1_000_000) + ']'.repeat(1_000_000), expect: FORMAT('got Array(1)') },
  { name: 'mlp-binary 4e9 layers with a recomputed CRC', reader: 'mlp-binary', build: () => resealed(mlpBinary(), 22, 0xffffffff), expect: CORRUPT('layers') },
  { name: 'mlp-binary 4e9 features with a recomputed CRC', reader: 'mlp-binary', build: () => resealed(mlpBinary(), 18, 0xffffffff), expect: CORRUPT('features') },
  { name: 'mlp-binary a layer of 4e9 outputs with a recomputed CRC', reader: 'mlp-binary', build: () => resealed(mlpBinary(), 26, 0xffffffff), expect: CORRUPT('weights') },
  { name: 'mlp-binary three bytes', reader: 'mlp-binary', build: bytes(0x41, 0x4d, 0x4c), expect: CORRUPT('truncated') },
  { name: 'mlp-binary given an ArrayBuffer', reader: 'mlp-binary', build: () => mlpBinary().buffer, expect: CORRUPT('got ArrayBuffer(') },
  { name: 'ensemble artifact of 19 bytes', reader: 'ensemble-binary', build: () => Uint8Array.of(0x41, 0x56, 0x34, 0x45, ...new Array<number>(15).fill(0)), expect: CORRUPT('truncated') },
  { name: 'ensemble artifact with a header length 0xFFFFFFFF', reader: 'ensemble-binary', build: () => artifact(0xffffffff), expect: CORRUPT('header length') },
  { name: 'ensemble artifact with an empty header', reader: 'ensemble-binary', build: () => artifact(0), expect: CORRUPT('not JSON') },
  { name: 'ensemble artifact given null', reader: 'ensemble-binary', build: () => null, expect: CORRUPT('got null') },
  { name: 'onnx a length of 2^62', reader: 'onnx', build: () => Uint8Array.of(0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40), expect: FORMAT('runs past the end') },
  { name: 'onnx a negative length', reader: 'onnx', build: () => Uint8Array.of(0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), expect: FORMAT('runs past the end') },
  { name: 'onnx an 11-byte varint', reader: 'onnx', build: () => Uint8Array.of(0x08, ...new Array<number>(10).fill(0x80), 0x01), expect: FORMAT('longer than 10 bytes') },
  { name: 'onnx empty bytes', reader: 'onnx', build: () => new Uint8Array(0), expect: FORMAT('ir_version') },
];

/** A forged binary model whose node count equals its remaining bytes and whose arrays are all omitted (mode 2). */
function zeroArrays(): Uint8Array {
  const head = binary().subarray(0, 60);
  const out = new Uint8Array(60 + 15);
  out.set(head);
  const v = new DataView(out.buffer);
  v.setUint32(24, 1, true); // numTrees
  v.setUint32(28, 15, true); // numNodes: every array is one mode byte
  v.setUint32(32, 0, true); // numCat
  v.setUint32(56, 0xffffffff, true); // no feature names
  out.fill(2, 60);
  v.setUint32(8, out.length, true);
  v.setUint32(12, crc32(out, 16, out.length), true);
  return out;
}
