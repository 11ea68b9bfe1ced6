import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlphaError } from '../../src/core/errors.js';
import { FeatureMismatchError, ModelFormatError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { expf, fma, logf, sigmoid32, xgbLogit } from '../../src/ensemble/gbdt/float32.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { parseUBJSON } from '../../src/ensemble/gbdt/io/ubjson.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { float32ToString } from '../../src/ensemble/gbdt/io/xgboost-export.js';
import { bitDiff, XGB_FIXTURES, xgbCases, xgbFixture } from './xgboost-fixtures.js';

// References: XGBoost 1.7.4's own predictions (scripts/fixtures/xgboost_fixtures.py), compared bit for bit.
const cases = xgbCases();

describe('loadXGBoostModel vs XGBoost 1.7.4 predictions', () => {
  it('covers the promised model variety', () => {
    const objectives = new Set(cases.map((c) => c.objective));
    for (const o of ['binary:logistic', 'reg:squarederror', 'reg:logistic', 'multi:softprob']) expect(objectives).toContain(o);
    const depths = cases.map((c) => c.params.max_depth as number);
    expect(Math.min(...depths.filter((d) => d > 0))).toBe(2);
    expect(Math.max(...depths)).toBe(8);
    expect(cases.some((c) => c.params.base_score !== undefined)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: margins, predictions and leaves are bit-identical', (_name, c) => {
    const f = xgbFixture(c);
    const model = loadXGBoostModel(f.json);
    expect(model.numTrees).toBe(c.trees);
    expect(model.numClass).toBe(Math.max(1, c.numClass));
    expect(model.nFeatures).toBe(c.cols);
    const raw = model.predictRaw(f.X);
    expect(raw.cols).toBe(model.numClass);
    expect(bitDiff(raw.data, f.margin)).toEqual({ mismatches: 0, maxAbs: 0 });
    expect(bitDiff(model.predict(f.X), f.pred)).toEqual({ mismatches: 0, maxAbs: 0 });
    expect(Array.from(model.predictLeaves(f.X).data)).toEqual(Array.from(f.leaves));
    if (model.numClass === 1) expect(bitDiff(model.predictMargin(f.X), f.margin).mismatches).toBe(0);
    // float32 input gives the same answers (XGBoost rounds inputs to float32 itself)
    const X32 = { rows: f.X.rows, cols: f.X.cols, data: Float32Array.from(f.X.data) };
    expect(bitDiff(model.predictRaw(X32).data, f.margin).mismatches).toBe(0);
  });

  it('adversarial rows (values on, next to, and rounding onto thresholds) are part of every fixture', () => {
    // Every fixture appends 40 threshold-adjacent rows and 8 special rows; spot-check one has a float64 input that is
    // not a float32 value (so the float32 rounding of inputs is exercised).
    const f = xgbFixture(cases[0]!);
    let nonFloat32 = 0;
    for (const v of f.X.data) if (Number.isFinite(v) && Math.fround(v) !== v) nonFloat32++;
    expect(nonFloat32).toBeGreaterThan(0);
  });

  it('accepts the parsed object as well as the text', () => {
    const f = xgbFixture(cases[1]!);
    const a = loadXGBoostModel(JSON.parse(f.json)).predictRaw(f.X).data;
    expect(bitDiff(a, f.margin).mismatches).toBe(0);
  });

  it('reads the UBJSON form (save_model("m.ubj")) with identical predictions', () => {
    const c = cases.find((x) => x.ubj)!;
    const f = xgbFixture(c);
    const bytes = new Uint8Array(readFileSync(join(XGB_FIXTURES, `${c.name}.model.ubj`)));
    const model = loadXGBoostModel(bytes);
    expect(bitDiff(model.predictRaw(f.X).data, f.margin).mismatches).toBe(0);
    expect(bitDiff(model.predict(f.X), f.pred).mismatches).toBe(0);
    // JSON text given as bytes is also recognized
    const fromBytes = loadXGBoostModel(Uint8Array.from(f.json, (ch) => ch.charCodeAt(0)));
    expect(bitDiff(fromBytes.predictRaw(f.X).data, f.margin).mismatches).toBe(0);
  });

  it('reads the XGBoost 2.x/3.x JSON layout (version, "[b]" base_score, boolean default_left, extra fields)', () => {
    // The same 1.7.4 model re-labelled the way 2.x/3.x write it: the predictions must still be XGBoost's.
    const c = cases.find((x) => x.name === 'binary_nan_d4_base03')!;
    const f = xgbFixture(c);
    const o = JSON.parse(f.json);
    o.version = [3, 0, 2];
    o.learner.learner_model_param.base_score = '[3E-1]';
    o.learner.gradient_booster.model.iteration_indptr = Array.from({ length: c.trees + 1 }, (_, i) => i);
    o.learner.gradient_booster.model.cats = { enc: [], feature_segments: [], sorted_idx: [] };
    for (const t of o.learner.gradient_booster.model.trees) {
      t.default_left = t.default_left.map((v: number) => v === 1);
      t.tree_param.num_deleted = '0';
    }
    const model = loadXGBoostModel(o);
    expect(bitDiff(model.predictRaw(f.X).data, f.margin).mismatches).toBe(0);
    expect(bitDiff(model.predict(f.X), f.pred).mismatches).toBe(0);
  });

  it('keeps feature names when present', () => {
    const o = JSON.parse(xgbFixture(cases[0]!).json);
    o.learner.feature_names = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(loadXGBoostModel(o).featureNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('XGBoost float32 arithmetic', () => {
  it('xgbLogit is -logf(1/b - 1) in float32 (base_score 0.5 gives margin 0)', () => {
    expect(xgbLogit(0.5)).toBe(-0); // -logf(1.0f) is -0.0f
    // XGBoost 1.7.4: predict(output_margin=True) of a 0-round booster with base_score b (numpy's own float32 log
    // gives -0.8472977876663208 for 0.3: XGBoost uses glibc logf, and so do we via Math.log + fround).
    expect(xgbLogit(0.3)).toBe(-0.8472978472709656);
    expect(xgbLogit(0.62)).toBe(0.4895482063293457);
    expect(xgbLogit(0.25)).toBe(-1.0986123085021973);
  });

  it('expf equals glibc expf (reference values from C: expf() of glibc 2.36, x86-64)', () => {
    // [x, glibc expf(x)] pairs, including inputs where glibc is not correctly rounded and Math.exp differs.
    const ref: [number, number][] = [
      [0.679036379, 1.97197664], [-0.679036379, 0.50710541], [32.5646324, 1.3888015e14], [-63.0994606, 3.94686674e-28], [0, 1], [1, 2.71828175],
      [-1, 0.36787945], [88.6999969, 3.32597686e38], [88.7200012, 3.3931806e38], [-88.6999969, 3.00663579e-39], [-100, 3.78350585e-44],
      [-103.900002, 1.40129846e-45], [-104, 0], [89, Infinity], [9.99999994e-9, 1], [3.14159012, 23.1406345], [10.5, 36315.5039],
      [-17.25, 3.22418678e-8], [0.100000001, 1.10517097], [-19.1838932, 4.66166483e-9], [1.72623062, 5.61943197], [16.4011803, 13272175],
      [-15.5015354, 1.85254478e-7], [-0.164424896, 0.84838146], [11.3380146, 83953.1875], [18.6323738, 123576856], [-1.58823395, 0.204286069],
      [-0.00301551819, 0.996989012], [14.1074371, 1339004.75], [-19.7171764, 2.73488499e-9], [11.1902065, 72417.7344], [-7.1545887, 0.00078127085],
    ];
    let naive = 0;
    for (const [x, e] of ref) {
      expect(expf(x), `expf(${x})`).toBe(Math.fround(e));
      if (Math.fround(Math.exp(Math.fround(x))) !== Math.fround(e)) naive++;
    }
    expect(naive).toBeGreaterThan(0); // the emulation matters
    expect(Number.isNaN(expf(NaN))).toBe(true);
  });

  it('logf equals glibc logf (reference values from C: logf() of glibc 2.36, including subnormal inputs)', () => {
    const ref: [number, number][] = [
      [9.9999461e-41, -92.103408813476562], [1.40129846e-45, -103.2789306640625], [9.99999935e-39, -87.49822998046875], [0.5, -0.69314718246459961],
      [2, 0.69314718246459961], [1.00000002e30, 69.077552795410156], [3.40282347e38, 88.72283935546875], [998023.75, 13.813531875610352],
    ];
    for (const [x, e] of ref) expect(logf(Math.fround(x)), `logf(${x})`).toBe(e);
    expect(Math.fround(Math.log(998023.75))).toBe(13.813532829284668); // naive rounding differs from glibc here
    expect(logf(0)).toBe(-Infinity);
    expect(logf(1)).toBe(0);
    expect(Number.isNaN(logf(-1))).toBe(true);
  });

  it('fma is correctly rounded where a*b+c in two roundings is not', () => {
    const a = 1 + 2 ** -30, b = 1 - 2 ** -30; // a*b = 1 - 2^-60 exactly
    expect(fma(a, b, -1)).toBe(-(2 ** -60));
    expect(a * b - 1).toBe(0);
    expect(fma(2, 3, 4)).toBe(10);
  });

  it('sigmoid32 clamps like XGBoost 1.7 (values from XGBoost predictions of single-leaf models)', () => {
    expect(sigmoid32(0)).toBe(0.5);
    // xgboost 1.7.4 predict() of single-leaf binary:logistic models with leaf value v (base_score 0.5), printed as
    // float.hex(): v=-100, -89, -88.8 -> 0x1.05ea38p-128; -88.6 -> 0x1.2175d8p-128; -87 -> 0x1.666d0ep-126;
    // -17.5 -> 0x1.af62eap-26; 17 and 100 -> 1.
    const hex = (m: string, e: number): number => Number.parseInt(m, 16) * 2 ** (e - 24);
    for (const v of [-100, -89, -88.8]) expect(sigmoid32(v)).toBe(hex('105ea38', -128));
    expect(sigmoid32(-88.6)).toBe(hex('12175d8', -128));
    expect(sigmoid32(-87)).toBe(hex('1666d0e', -126));
    expect(sigmoid32(-17.5)).toBe(hex('1af62ea', -26));
    expect(sigmoid32(17)).toBe(1);
    expect(sigmoid32(100)).toBe(1);
  });
});

describe('loadXGBoostModel errors', () => {
  const base = (): Record<string, any> => JSON.parse(xgbFixture(cases[0]!).json);

  it('malformed JSON text -> ModelFormatError', () => {
    const e = catchErr(() => loadXGBoostModel('{"learner": '));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e).toBeInstanceOf(AlphaError);
    expect((e as ModelFormatError).code).toBe('MODEL_FORMAT');
    expect((e as ModelFormatError).format).toBe('xgboost-json');
  });

  it('missing or mistyped fields name the JSON path', () => {
    expect((catchErr(() => loadXGBoostModel({})) as ModelFormatError).where).toBe('learner');
    const o = base();
    delete o.learner.gradient_booster.model.trees[3].split_indices;
    expect((catchErr(() => loadXGBoostModel(o)) as ModelFormatError).where).toBe('trees[3].split_indices');
    const p = base();
    p.learner.gradient_booster.model.trees[0].left_children[0] = 999;
    expect((catchErr(() => loadXGBoostModel(p)) as ModelFormatError).where).toBe('trees[0].left_children[0]');
    const q = base();
    q.learner.gradient_booster.model.trees[0].split_indices[0] = 6; // num_feature is 6
    expect(catchErr(() => loadXGBoostModel(q))).toBeInstanceOf(ModelFormatError);
    const cyc = base();
    cyc.learner.gradient_booster.model.trees[0].left_children[1] = 0; // node 1 -> root: a cycle
    expect(catchErr(() => loadXGBoostModel(cyc))).toBeInstanceOf(ModelFormatError);
  });

  it('base_score outside (0, 1) for a logistic objective -> ModelFormatError', () => {
    const o = base();
    o.learner.learner_model_param.base_score = '1.5E0';
    expect(catchErr(() => loadXGBoostModel(o))).toBeInstanceOf(ModelFormatError);
  });

  it('unknown objective, dart/gblinear booster, categorical split -> UnsupportedModelError', () => {
    const o = base();
    o.learner.objective.name = 'rank:pairwise';
    const e = catchErr(() => loadXGBoostModel(o)) as UnsupportedModelError;
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.code).toBe('MODEL_UNSUPPORTED');
    expect(e.feature).toBe('objective rank:pairwise');
    const d = base();
    d.learner.gradient_booster.name = 'dart';
    expect(catchErr(() => loadXGBoostModel(d))).toBeInstanceOf(UnsupportedModelError);
    const w = base();
    w.learner.gradient_booster.weight_drop = Array.from({ length: 20 }, (_, i) => (i === 3 ? 0.7 : 1));
    expect(catchErr(() => loadXGBoostModel(w))).toBeInstanceOf(UnsupportedModelError);
    const c = base();
    c.learner.gradient_booster.model.trees[0].split_type[0] = 1;
    expect(catchErr(() => loadXGBoostModel(c))).toBeInstanceOf(UnsupportedModelError);
  });

  it('truncated UBJSON -> ModelFormatError', () => {
    const c = cases.find((x) => x.ubj)!;
    const bytes = new Uint8Array(readFileSync(join(XGB_FIXTURES, `${c.name}.model.ubj`)));
    const e = catchErr(() => loadXGBoostModel(bytes.subarray(0, 1000))) as ModelFormatError;
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.format).toBe('xgboost-ubjson');
  });

  it('predict with the wrong feature count or data length -> FeatureMismatchError', () => {
    const model = loadXGBoostModel(base());
    const e = catchErr(() => model.predictProba({ rows: 2, cols: 5, data: new Float64Array(10) })) as FeatureMismatchError;
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect(e.code).toBe('FEATURE_MISMATCH');
    expect([e.expected, e.actual]).toEqual([6, 5]);
    expect(catchErr(() => model.predictRaw({ rows: 2, cols: 6, data: new Float64Array(11) }))).toBeInstanceOf(FeatureMismatchError);
    expect(catchErr(() => model.predictLeaves({ rows: 1, cols: 7, data: new Float64Array(7) }))).toBeInstanceOf(FeatureMismatchError);
  });

  it('predictProba on a regression model and predictMargin on a multiclass model -> UnsupportedModelError', () => {
    const reg = loadXGBoostModel(xgbFixture(cases.find((c) => c.objective === 'reg:squarederror')!).json);
    expect(catchErr(() => reg.predictProba({ rows: 0, cols: reg.nFeatures, data: new Float64Array(0) }))).toBeInstanceOf(UnsupportedModelError);
    const multi = loadXGBoostModel(xgbFixture(cases.find((c) => c.numClass > 1)!).json);
    expect(catchErr(() => multi.predictMargin({ rows: 0, cols: multi.nFeatures, data: new Float64Array(0) }))).toBeInstanceOf(UnsupportedModelError);
  });
});

describe('NaN handling (documented: NaN = missing, follows default_left)', () => {
  const stump = (defaultLeft: number) =>
    new TreeEnsembleModel({
      nFeatures: 1, objective: 'reg:squarederror', treeStart: Int32Array.of(0, 3), feature: Int32Array.of(0, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1),
      defaultLeft: Uint8Array.of(defaultLeft, 0, 0), value: Float64Array.of(0, -1, 1),
    });
  it('NaN goes to the default side; infinities compare as numbers', () => {
    const X = { rows: 4, cols: 1, data: Float64Array.of(NaN, Infinity, -Infinity, 0.5) };
    expect(Array.from(stump(1).predictMargin(X))).toEqual([-1, 1, -1, 1]);
    expect(Array.from(stump(0).predictMargin(X))).toEqual([1, 1, -1, 1]);
  });
});

describe('float32ToString and the UBJSON reader', () => {
  it('writes the shortest decimal that reads back as the same float32', () => {
    for (const v of [0.3043449, 1e-30, -123456.78, 3.4028234663852886e38, 1.401298464324817e-45, 0.1]) {
      const s = float32ToString(v);
      expect(Math.fround(Number(s))).toBe(Math.fround(v));
      expect(s.replace(/^-/, '').replace(/E.*$/, '').replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(float32ToString(Math.fround(0.1))).toBe('0.1');
  });

  it('decodes UBJSON scalars, strings, typed and untyped containers (ubjson.org examples)', () => {
    // {"a": 5, "s": "hé", "t": [$d#U 2 1.5 -2], "u": [T F Z]}
    const bytes = Uint8Array.of(
      0x7b, 0x55, 1, 0x61, 0x69, 5,
      0x55, 1, 0x73, 0x53, 0x55, 3, 0x68, 0xc3, 0xa9,
      0x55, 1, 0x74, 0x5b, 0x24, 0x64, 0x23, 0x55, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0,
      0x55, 1, 0x75, 0x5b, 0x54, 0x46, 0x5a, 0x5d,
      0x7d,
    );
    const v = parseUBJSON(bytes) as Record<string, unknown>;
    expect(v.a).toBe(5);
    expect(v.s).toBe('hé');
    expect(Array.from(v.t as Float32Array)).toEqual([1.5, -2]);
    expect(v.u).toEqual([true, false, null]);
    expect(catchErr(() => parseUBJSON(Uint8Array.of(0x7b, 0x55)))).toBeInstanceOf(ModelFormatError);
    expect(catchErr(() => parseUBJSON(Uint8Array.of(0x21)))).toBeInstanceOf(ModelFormatError);
  });
});

function catchErr(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
