/**
 * The MLP as a JSON document, losslessly: the loaded model has the same float32 weights and float64 scaler,
 * hence the same predictions bit for bit. `binary.ts` holds the compact checksummed form.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { ModelFormatError } from '../errors.js';
import { checkModelData, MLPModel } from './model.js';
import type { DenseActivation, DenseLayer, MLPModelData, MLPObjective } from './types.js';

/** The `format` tag of the JSON document. */
export const MLP_JSON_FORMAT = 'alpha-v4/mlp';
/** The JSON document version written by {@link mlpToJSON}. */
export const MLP_JSON_VERSION = 1;

/** A number in the shortest form that reads back to the same double, -0 kept (JSON.stringify writes "0"). */
function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function list(a: ArrayLike<number>): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = num(a[i]!);
  return `[${parts.join(',')}]`;
}

/**
 * The model as JSON text: `{ format: 'alpha-v4/mlp', version: 1, objective, featureNames?, scaler: { center,
 * scale, impute }, layers: [{ inputs, outputs, activation, weight, bias }] }`, weights row-major `[outputs][inputs]`.
 *
 * @example
 * ```ts
 * const copy = mlpFromJSON(mlpToJSON(model)) // copy.predictProba(X) equals model.predictProba(X) exactly
 * ```
 */
export function mlpToJSON(model: MLPModel): string {
  const d = model.toData();
  const s = d.scaler;
  const fields = [
    `"format":${JSON.stringify(MLP_JSON_FORMAT)}`, `"version":${MLP_JSON_VERSION}`, `"objective":${JSON.stringify(d.objective)}`,
    ...(d.featureNames ? [`"featureNames":${JSON.stringify(d.featureNames)}`] : []),
    `"scaler":{"center":${list(s.center)},"scale":${list(s.scale)},"impute":${list(s.impute)}}`,
    `"layers":[${d.layers.map((l) => `{"inputs":${l.inputs},"outputs":${l.outputs},"activation":${JSON.stringify(l.activation)},"weight":${list(l.weight)},"bias":${list(l.bias)}}`).join(',')}]`,
  ];
  return `{${fields.join(',')}}`;
}

/** A JSON reader that names the field at fault in its `ModelFormatError`. */
function reader() {
  const fail = (where: string, message: string): never => {
    throw new ModelFormatError('alpha-json', where, message);
  };
  const object = (v: unknown, where: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(where, `must be an object, got ${describeValue(v)}`);
  const numbers = <T extends Float32Array | Float64Array>(v: unknown, where: string, make: new (n: number) => T): T => {
    if (!Array.isArray(v)) return fail(where, `must be an array of numbers, got ${describeValue(v)}`);
    // every element is checked before the typed array is allocated: a sparse array's length is not what is present
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number') fail(`${where}[${i}]`, `must be a number, got ${describeValue(v[i])}`);
    const out = new make(v.length);
    out.set(v as number[]);
    return out;
  };
  const integer = (v: unknown, where: string): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fail(where, `must be a non-negative integer, got ${describeValue(v)}`));
  const strings = (v: unknown, where: string): string[] => {
    if (!Array.isArray(v)) return fail(where, `must be an array of strings, got ${describeValue(v)}`);
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') fail(`${where}[${i}]`, `must be a string, got ${describeValue(v[i])}`);
    return v as string[];
  };
  return { fail, object, numbers, integer, strings };
}

/**
 * Restores a model written by {@link mlpToJSON} (the text or the parsed object). Throws `ModelFormatError`
 * (format `'alpha-json'`, `where` naming the field) for invalid JSON, another format tag or version, a missing or
 * mistyped field, or a network this library does not run (see `checkModelData`).
 *
 * @example
 * ```ts
 * mlpFromJSON('{"format":"alpha-v4/gbdt"}') // throws ModelFormatError: alpha-json: format: expected "alpha-v4/mlp" ...
 * ```
 */
export function mlpFromJSON(json: string | object): MLPModel {
  const r = reader();
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      r.fail('(root)', `invalid JSON: ${(e as Error).message}`);
    }
  }
  const root = r.object(doc, '(root)');
  if (root.format !== MLP_JSON_FORMAT) r.fail('format', `expected ${JSON.stringify(MLP_JSON_FORMAT)}, got ${describeValue(root.format)}`);
  if (root.version !== MLP_JSON_VERSION) r.fail('version', `this library reads version ${MLP_JSON_VERSION}, got ${describeValue(root.version)}`);
  const scaler = r.object(root.scaler, 'scaler');
  if (!Array.isArray(root.layers)) r.fail('layers', `must be an array, got ${describeValue(root.layers)}`);
  const layers: DenseLayer[] = [];
  // a loop, not map: a hole of a sparse array is a missing layer here, not one map would skip
  for (let l = 0; l < (root.layers as unknown[]).length; l++) {
    const o = r.object((root.layers as unknown[])[l], `layers[${l}]`);
    layers.push({
      inputs: r.integer(o.inputs, `layers[${l}].inputs`),
      outputs: r.integer(o.outputs, `layers[${l}].outputs`),
      activation: o.activation as DenseActivation,
      weight: r.numbers(o.weight, `layers[${l}].weight`, Float32Array),
      bias: r.numbers(o.bias, `layers[${l}].bias`, Float32Array),
    });
  }
  const data: MLPModelData = {
    objective: root.objective as MLPObjective,
    scaler: {
      center: r.numbers(scaler.center, 'scaler.center', Float64Array),
      scale: r.numbers(scaler.scale, 'scaler.scale', Float64Array),
      impute: r.numbers(scaler.impute, 'scaler.impute', Float64Array),
    },
    layers,
    ...(root.featureNames !== undefined ? { featureNames: r.strings(root.featureNames, 'featureNames') } : {}),
  };
  checkModelData(data, 'alpha-json');
  return new MLPModel(data);
}
