/**
 * The MLP as checksummed little-endian bytes (`Uint8Array`, for a BYTEA column or a file): lossless like the JSON
 * form, about 4 bytes per weight. Runtime-agnostic (DataView only).
 *
 * @module
 */
import { CorruptModelError, ModelFormatError } from '../errors.js';
import { ByteReader } from '../gbdt/io/bounded.js';
import { openSealed, seal, SEALED_PREFIX as HEADER, type SealedFormat } from '../gbdt/io/sealed.js';
import { utf8Decode, utf8Encode } from '../gbdt/io/utf8.js';
import { checkModelData, MLPModel } from './model.js';
import type { DenseActivation, MLPModelData } from './types.js';

/** Magic number "AMLP" at the start of every binary MLP ('A' 'M' 'L' 'P' read as a little-endian uint32). */
export const MLP_BINARY_MAGIC = 0x504c4d41;
/** The binary format version written by {@link mlpToBinary}. */
export const MLP_BINARY_VERSION = 1;
/** The header: magic, version, total length, CRC-32 of bytes [16, total) (see `sealed.ts`). */
const SEALED: SealedFormat = { magic: MLP_BINARY_MAGIC, version: MLP_BINARY_VERSION, name: 'a binary MLP', crc: 'header' };
const OBJECTIVES = ['binary', 'regression'] as const;
const ACTIVATIONS: readonly DenseActivation[] = ['relu', 'sigmoid', 'linear'];

/**
 * The model as bytes: the 16-byte header, then objective u8, has-names u8, features u32, layers u32, per layer
 * outputs u32 and activation u8, the feature names (u32 length + UTF-8 each), the scaler (center, scale, impute:
 * float64 each), and per layer the float32 weights (row-major [outputs][inputs]) and biases.
 *
 * @example
 * ```ts
 * const bytes = mlpToBinary(model)       // store in a BYTEA column
 * mlpFromBinary(bytes).predictProba(X)   // => the same probabilities, bit for bit
 * ```
 */
export function mlpToBinary(model: MLPModel): Uint8Array {
  const d = model.toData();
  const F = d.scaler.center.length;
  const names = (d.featureNames ?? []).map(utf8Encode);
  let size = HEADER + 10 + 5 * d.layers.length + 24 * F;
  for (const n of names) size += 4 + n.length;
  for (const l of d.layers) size += 4 * (l.weight.length + l.bias.length);
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  let o = HEADER;
  const u32 = (x: number): void => {
    v.setUint32(o, x, true);
    o += 4;
  };
  bytes[o++] = OBJECTIVES.indexOf(d.objective);
  bytes[o++] = d.featureNames ? 1 : 0;
  u32(F);
  u32(d.layers.length);
  for (const l of d.layers) {
    u32(l.outputs);
    bytes[o++] = ACTIVATIONS.indexOf(l.activation);
  }
  for (const n of names) {
    u32(n.length);
    bytes.set(n, o);
    o += n.length;
  }
  for (const a of [d.scaler.center, d.scaler.scale, d.scaler.impute]) for (let i = 0; i < F; i++, o += 8) v.setFloat64(o, a[i]!, true);
  for (const l of d.layers) for (const a of [l.weight, l.bias]) for (let i = 0; i < a.length; i++, o += 4) v.setFloat32(o, a[i]!, true);
  return seal(bytes, SEALED);
}

/**
 * Reads the body (after `openSealed`); any overrun or bad code is a `'layout'` fault. Every count is checked against
 * the bytes that remain before anything is allocated for it (`ByteReader.count`), using the fewest bytes each
 * element occupies: a layer 5 (its shape), a feature 24 (its scaler) + 4 (its name's length, if names are stored),
 * a weight or a bias 4.
 */
function readBody(r: ByteReader): MLPModelData {
  const objective = OBJECTIVES[r.u8()] ?? r.fail('unknown objective code');
  const hasNames = r.u8();
  if (hasNames > 1) r.fail(`feature-names flag ${hasNames}`);
  const F = r.count(r.u32(), 24 + 4 * hasNames, 'features');
  const L = r.count(r.u32(), 5, 'layers');
  const shape: { outputs: number; activation: DenseActivation }[] = [];
  for (let l = 0; l < L; l++) {
    const outputs = r.u32();
    shape.push({ outputs, activation: ACTIVATIONS[r.u8()] ?? r.fail(`layer ${l}: unknown activation code`) });
  }
  const featureNames: string[] = [];
  for (let i = 0; hasNames === 1 && i < F; i++) {
    const n = r.count(r.u32(), 1, `feature name ${i} length`);
    const at = r.take(n);
    featureNames.push(utf8Decode(r.bytes, at, at + n));
  }
  const f64 = (n: number): Float64Array => r.decode(new Float64Array(n), 'f64');
  const scaler = { center: f64(F), scale: f64(F), impute: f64(F) };
  let inputs = F;
  const layers = shape.map(({ outputs, activation }, l) => {
    const weight = r.decode(new Float32Array(r.count(inputs * outputs, 4, `layer ${l} weights`)), 'f32');
    const layer = { inputs, outputs, activation, weight, bias: r.decode(new Float32Array(r.count(outputs, 4, `layer ${l} biases`)), 'f32') };
    inputs = outputs;
    return layer;
  });
  if (r.remaining !== 0) r.fail(`${r.remaining} unread byte(s) at the end`);
  return { objective, scaler, layers, ...(hasNames === 1 ? { featureNames } : {}) };
}

/**
 * Restores a model written by {@link mlpToBinary}. Checks, in order: the magic number, the format version, the
 * length (truncation), the CRC-32 (corruption), then the layout and the network (`checkModelData`); any failure
 * throws `CorruptModelError` with `reason` `'magic' | 'version' | 'truncated' | 'checksum' | 'layout'`. Accepts
 * any `Uint8Array` view (database drivers often return a slice of a larger buffer).
 *
 * @example
 * ```ts
 * const bytes = mlpToBinary(model); bytes[100] ^= 1
 * mlpFromBinary(bytes) // throws CorruptModelError (reason 'checksum')
 * ```
 */
export function mlpFromBinary(bytes: Uint8Array): MLPModel {
  const data = readBody(openSealed(bytes, SEALED));
  try {
    checkModelData(data, 'alpha-binary');
  } catch (e) {
    if (e instanceof ModelFormatError) throw new CorruptModelError('layout', e.message);
    throw e;
  }
  return new MLPModel(data);
}
