/**
 * The MLP as checksummed little-endian bytes (`Uint8Array`, for a BYTEA column or a file): lossless like the JSON
 * form, about 4 bytes per weight. Runtime-agnostic (DataView only).
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { CorruptModelError, ModelFormatError } from '../errors.js';
import { crc32 } from '../gbdt/io/crc32.js';
import { utf8Decode, utf8Encode } from '../gbdt/io/utf8.js';
import { checkModelData, MLPModel } from './model.js';
import type { DenseActivation, MLPModelData } from './types.js';

/** Magic number "AMLP" at the start of every binary MLP ('A' 'M' 'L' 'P' read as a little-endian uint32). */
export const MLP_BINARY_MAGIC = 0x504c4d41;
/** The binary format version written by {@link mlpToBinary}. */
export const MLP_BINARY_VERSION = 1;
/** Header: magic u32, version u16, reserved u16, total byte length u32, CRC-32 of bytes [16, total) u32. */
const HEADER = 16;
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
  v.setUint32(0, MLP_BINARY_MAGIC, true);
  v.setUint16(4, MLP_BINARY_VERSION, true);
  v.setUint32(8, size, true);
  v.setUint32(12, crc32(bytes, HEADER, size), true);
  return bytes;
}

/** Reads the body after the checks of the header; any overrun or bad code is a `'layout'` fault. */
function readBody(bytes: Uint8Array, v: DataView): MLPModelData {
  let o = HEADER;
  const fail = (message: string): never => {
    throw new CorruptModelError('layout', `byte ${o}: ${message}`);
  };
  const need = (n: number): number => {
    if (!(n >= 0 && o + n <= bytes.length)) fail(`${n} byte(s) needed, ${bytes.length - o} left`);
    const at = o;
    o += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)]!;
  const u32 = (): number => v.getUint32(need(4), true);
  const objective = OBJECTIVES[u8()] ?? fail('unknown objective code');
  const hasNames = u8();
  if (hasNames > 1) fail(`feature-names flag ${hasNames}`);
  const F = u32(), L = u32();
  // Every loop below consumes bytes before it allocates, so a huge count fails on the bytes, never on memory.
  const shape: { outputs: number; activation: DenseActivation }[] = [];
  for (let l = 0; l < L; l++) shape.push({ outputs: u32(), activation: ACTIVATIONS[u8()] ?? fail(`layer ${l}: unknown activation code`) });
  const featureNames: string[] = [];
  for (let i = 0; hasNames === 1 && i < F; i++) {
    const n = u32();
    const at = need(n);
    featureNames.push(utf8Decode(bytes, at, at + n));
  }
  const f64 = (n: number): Float64Array => {
    const at = need(8 * n);
    return Float64Array.from({ length: n }, (_, i) => v.getFloat64(at + 8 * i, true));
  };
  const f32 = (n: number): Float32Array => {
    const at = need(4 * n);
    return Float32Array.from({ length: n }, (_, i) => v.getFloat32(at + 4 * i, true));
  };
  const scaler = { center: f64(F), scale: f64(F), impute: f64(F) };
  let inputs = F;
  const layers = shape.map(({ outputs, activation }) => {
    const layer = { inputs, outputs, activation, weight: f32(inputs * outputs), bias: f32(outputs) };
    inputs = outputs;
    return layer;
  });
  if (o !== bytes.length) fail(`${bytes.length - o} unread byte(s) at the end`);
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
  if (!(bytes instanceof Uint8Array)) throw new CorruptModelError('layout', `expected the model bytes as a Uint8Array, got ${describeValue(bytes)}`);
  if (bytes.length < HEADER) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the header alone has ${HEADER}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== MLP_BINARY_MAGIC) throw new CorruptModelError('magic', 'not a binary MLP (bad magic number)');
  const version = v.getUint16(4, true);
  if (version !== MLP_BINARY_VERSION) throw new CorruptModelError('version', `format version ${version}, this library reads version ${MLP_BINARY_VERSION}`);
  const total = v.getUint32(8, true);
  if (bytes.length < total) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the header declares ${total}`);
  if (bytes.length > total) throw new CorruptModelError('layout', `${bytes.length} byte(s), the header declares ${total} (trailing bytes)`);
  const crc = crc32(bytes, HEADER, total);
  if (crc !== v.getUint32(12, true)) throw new CorruptModelError('checksum', `CRC-32 mismatch (stored 0x${v.getUint32(12, true).toString(16)}, computed 0x${crc.toString(16)})`);
  const data = readBody(bytes, v);
  try {
    checkModelData(data, 'alpha-binary');
  } catch (e) {
    if (e instanceof ModelFormatError) throw new CorruptModelError('layout', e.message);
    throw e;
  }
  return new MLPModel(data);
}
