/**
 * Our readable model format: a {@link TreeEnsembleModel} as a JSON document. The round trip is lossless: the restored
 * model has the same arrays, hence exactly the same predictions, leaves and contributions. `model-binary.ts` holds
 * the compact form.
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { ModelFormatError } from '../../errors.js';
import type { TreeEnsembleModel } from '../model.js';
import { GBDT_OBJECTIVES, type GBDTObjective } from '../trees.js';
import { checkModelShape } from './bounded.js';
import { buildModel } from './build.js';
import { BYTE_ARRAYS, FLOAT_ARRAYS, INT_ARRAYS } from './fields.js';

/** The `format` tag of the JSON document. */
export const MODEL_JSON_FORMAT = 'alpha-v4/gbdt';
/** The JSON document version written by {@link modelToJSON}. */
export const MODEL_JSON_VERSION = 1;


/**
 * The model as a JSON document: `{ format: 'alpha-v4/gbdt', version: 1, ...fields }`, every typed array as a plain
 * number array (numbers are written with round-trip precision and -0 kept, so the restored arrays are identical).
 *
 * @example
 * ```ts
 * const copy = modelFromJSON(modelToJSON(model)) // copy.predictRaw(X) equals model.predictRaw(X) exactly
 * ```
 */
export function modelToJSON(model: TreeEnsembleModel): string {
  const d = model.toData();
  // Written by hand so that -0 survives (JSON.stringify(-0) is "0"); String(x) is the shortest round-trip form.
  const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
  const arr = (a: ArrayLike<number>): string => {
    const parts = new Array<string>(a.length);
    for (let i = 0; i < a.length; i++) parts[i] = num(a[i]!);
    return `[${parts.join(',')}]`;
  };
  const fields: string[] = [
    `"format":${JSON.stringify(MODEL_JSON_FORMAT)}`, `"version":${MODEL_JSON_VERSION}`, `"nFeatures":${d.nFeatures}`, `"numClass":${d.numClass}`,
    `"objective":${JSON.stringify(d.objective)}`, `"sigmoidScale":${num(d.sigmoidScale)}`, `"baseMargin":${num(d.baseMargin)}`,
    `"sumMode":${JSON.stringify(d.sumMode)}`, `"averageOutput":${d.averageOutput}`, `"leafNumbering":${JSON.stringify(d.leafNumbering)}`,
  ];
  if (d.featureNames) fields.push(`"featureNames":${JSON.stringify(d.featureNames)}`);
  for (const k of [...INT_ARRAYS, ...BYTE_ARRAYS, ...FLOAT_ARRAYS]) fields.push(`"${k}":${arr(d[k])}`);
  fields.push(`"catBits":${arr(d.catBits)}`);
  return `{${fields.join(',')}}`;
}

/**
 * Restores a model written by {@link modelToJSON} (the JSON text or the parsed object). Throws
 * {@link ModelFormatError} (format `'alpha-json'`) for anything else than a string or a plain object, invalid JSON,
 * a wrong format tag or version, a missing or mistyped field, and for a structurally invalid model.
 *
 * Bounded (see `bounded.ts`): the arrays are the ones present in the document, every element is type-checked
 * before the typed arrays are made, `nFeatures <= 2^24` and `numClass <= max(1, numTrees)`.
 *
 * @example
 * ```ts
 * const model = modelFromJSON(await readFile('model.json', 'utf8'))
 * ```
 */
export function modelFromJSON(json: string | object): TreeEnsembleModel {
  const fail = (where: string, msg: string): never => {
    throw new ModelFormatError('alpha-json', where, msg);
  };
  let o: unknown = json;
  if (typeof json === 'string') {
    try {
      o = JSON.parse(json);
    } catch (e) {
      fail('$', `invalid JSON: ${(e as Error).message}`);
    }
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o) || ArrayBuffer.isView(o)) return fail('$', `expected the model as JSON text or its parsed object, got ${describeValue(o)}`);
  const r = o as Record<string, unknown>;
  if (r.format !== MODEL_JSON_FORMAT) fail('format', `expected ${JSON.stringify(MODEL_JSON_FORMAT)}, got ${describeValue(r.format)}`);
  if (r.version !== MODEL_JSON_VERSION) fail('version', `unsupported version ${describeValue(r.version)} (this library reads ${MODEL_JSON_VERSION})`);
  const num = (k: string): number => (typeof r[k] === 'number' ? (r[k] as number) : fail(k, `expected a number, got ${describeValue(r[k])}`));
  const nums = (k: string): number[] => {
    const a = r[k];
    if (!Array.isArray(a)) return fail(k, `expected an array of numbers, got ${describeValue(a)}`);
    for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') fail(`${k}[${i}]`, `expected a number, got ${describeValue(a[i])}`);
    return a as number[];
  };
  const objective = r.objective as GBDTObjective;
  if (!GBDT_OBJECTIVES.includes(objective)) fail('objective', `unknown objective ${describeValue(r.objective)}`);
  if (r.sumMode !== 'float32' && r.sumMode !== 'float64') fail('sumMode', `expected 'float32' or 'float64'`);
  if (r.leafNumbering !== 'node' && r.leafNumbering !== 'leaf') fail('leafNumbering', `expected 'node' or 'leaf'`);
  if (typeof r.averageOutput !== 'boolean') fail('averageOutput', 'expected a boolean');
  let featureNames: string[] | undefined;
  if (r.featureNames !== undefined) {
    if (!Array.isArray(r.featureNames) || r.featureNames.some((s) => typeof s !== 'string')) fail('featureNames', 'expected an array of strings');
    featureNames = r.featureNames as string[];
  }
  const ints = (k: string): Int32Array => {
    const a = nums(k);
    for (let i = 0; i < a.length; i++) if (!Number.isInteger(a[i]) || a[i]! < -2147483648 || a[i]! > 2147483647) fail(`${k}[${i}]`, 'expected a 32-bit integer');
    return Int32Array.from(a);
  };
  const bytes = (k: string): Uint8Array => {
    const a = nums(k);
    for (let i = 0; i < a.length; i++) if (!Number.isInteger(a[i]) || a[i]! < 0 || a[i]! > 255) fail(`${k}[${i}]`, 'expected a byte');
    return Uint8Array.from(a);
  };
  const treeStart = ints('treeStart');
  checkModelShape({ nFeatures: num('nFeatures'), numClass: num('numClass'), numTrees: treeStart.length - 1 }, fail);
  const catWords = nums('catBits');
  for (let i = 0; i < catWords.length; i++) if (!Number.isInteger(catWords[i]) || catWords[i]! < 0 || catWords[i]! > 4294967295) fail(`catBits[${i}]`, 'expected a 32-bit unsigned integer');
  return buildModel(
    {
      nFeatures: num('nFeatures'), featureNames, numClass: num('numClass'), objective, sigmoidScale: num('sigmoidScale'), baseMargin: num('baseMargin'),
      sumMode: r.sumMode as 'float32' | 'float64', averageOutput: r.averageOutput as boolean, leafNumbering: r.leafNumbering as 'node' | 'leaf',
      treeStart, treeClass: ints('treeClass'), feature: ints('feature'), left: ints('left'), right: ints('right'),
      catStart: ints('catStart'), catEnd: ints('catEnd'), defaultLeft: bytes('defaultLeft'), splitKind: bytes('splitKind'), missingType: bytes('missingType'),
      threshold: Float64Array.from(nums('threshold')), value: Float64Array.from(nums('value')), cover: Float64Array.from(nums('cover')), gain: Float64Array.from(nums('gain')),
      catBits: Uint32Array.from(catWords),
    },
    'alpha-json',
  );
}
