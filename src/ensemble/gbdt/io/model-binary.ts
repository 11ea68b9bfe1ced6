/**
 * Our compact model format: a {@link TreeEnsembleModel} as checksummed little-endian bytes (`Uint8Array`, for the
 * database BYTEA column). The round trip is lossless. Runtime-agnostic (no Node or Web APIs).
 * @module
 */
import { CorruptModelError, ModelFormatError } from '../../errors.js';
import { TreeEnsembleModel } from '../model.js';
import { GBDT_OBJECTIVES, type GBDTObjective, type TreeEnsembleData } from '../trees.js';
import { crc32 } from './crc32.js';
import { BYTE_ARRAYS, FLOAT_ARRAYS, INT_ARRAYS } from './fields.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/** Magic number "AGBT" at the start of every binary model. */
export const MODEL_BINARY_MAGIC = 0x54424741; // 'A' 'G' 'B' 'T' read as a little-endian uint32
/** The binary format version written by {@link modelToBinary}. */
export const MODEL_BINARY_VERSION = 1;
/** Header: magic u32, version u16, reserved u16, total byte length u32, CRC-32 of bytes [16, total) u32. */
const HEADER = 16;

const OBJ_CODES: readonly GBDTObjective[] = GBDT_OBJECTIVES;

function allFloat32(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (Math.fround(a[i]!) !== a[i]! && !Number.isNaN(a[i]!)) return false;
  return true;
}

function fitsInt16(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! < -32768 || a[i]! > 32767) return false;
  return true;
}

/** Child links as offsets from the node itself (0 for "no child", since a node is never its own child), if they fit in int16. */
function childOffsets(a: ArrayLike<number>): Int16Array | undefined {
  const out = new Int16Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const r = a[i]! === -1 ? 0 : a[i]! - i;
    if (r < -32768 || r > 32767 || (r === 0 && a[i]! !== -1)) return undefined;
    out[i] = r;
  }
  return out;
}

/** Bytes per element of an array of `kind` stored in `mode`. */
function width(kind: 'i32' | 'u8' | 'f64' | 'u32', mode: number): number {
  if (kind === 'u8') return 1;
  if (kind === 'f64') return mode === 1 ? 4 : 8;
  return mode >= 3 ? 2 : 4;
}

function allZero(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0 || Object.is(a[i], -0)) return false;
  return true;
}

/**
 * The model as compact little-endian bytes: a 16-byte header (magic "AGBT", format version, total length,
 * CRC-32 of the body) followed by the counts, the scalar fields, the feature names (UTF-8) and the arrays.
 * Float arrays whose values are all float32-exact (XGBoost models) are stored as float32, integer arrays that fit
 * as int16 (child links as offsets from their node), all-zero arrays are omitted (a mode byte per array records
 * which), so the round trip is lossless: about 23 bytes per node for an XGBoost model.
 *
 * @example
 * ```ts
 * const bytes = modelToBinary(model)            // store in a BYTEA column
 * const again = modelFromBinary(bytes)          // identical predictions
 * ```
 */
export function modelToBinary(model: TreeEnsembleModel): Uint8Array {
  const d: TreeEnsembleData = model.toData();
  const names = d.featureNames ? d.featureNames.map(utf8Encode) : [];
  const parts: { kind: 'i32' | 'u8' | 'f64' | 'u32'; name: string; data: ArrayLike<number>; mode: number }[] = [];
  // mode: 0 = stored at full width, 1 = stored as float32 (float arrays only), 2 = all zero, omitted,
  // 3 = int32 array stored as int16, 4 = child links stored as int16 offsets from the node (0 = no child).
  for (const k of INT_ARRAYS) {
    const a = d[k];
    let mode = allZero(a) ? 2 : fitsInt16(a) ? 3 : 0;
    let data: ArrayLike<number> = a;
    if (mode === 0 && (k === 'left' || k === 'right')) {
      const rel = childOffsets(a);
      if (rel) { mode = 4; data = rel; }
    }
    parts.push({ kind: 'i32', name: k, data, mode });
  }
  for (const k of BYTE_ARRAYS) parts.push({ kind: 'u8', name: k, data: d[k], mode: allZero(d[k]) ? 2 : 0 });
  for (const k of FLOAT_ARRAYS) parts.push({ kind: 'f64', name: k, data: d[k], mode: allZero(d[k]) ? 2 : allFloat32(d[k]) ? 1 : 0 });
  parts.push({ kind: 'u32', name: 'catBits', data: d.catBits, mode: 0 });
  let size = HEADER + 5 * 4 + 4 + 2 * 8 + 4;
  for (const nm of names) size += 4 + nm.length;
  for (const p of parts) {
    size += 1;
    if (p.mode === 2) continue;
    size += width(p.kind, p.mode) * p.data.length;
  }
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  let o = HEADER;
  const u32 = (x: number): void => { v.setUint32(o, x, true); o += 4; };
  u32(d.nFeatures);
  u32(d.numClass);
  u32(d.treeStart.length - 1);
  u32(d.feature.length);
  u32(d.catBits.length);
  bytes[o++] = OBJ_CODES.indexOf(d.objective);
  bytes[o++] = d.sumMode === 'float32' ? 0 : 1;
  bytes[o++] = d.averageOutput ? 1 : 0;
  bytes[o++] = d.leafNumbering === 'node' ? 0 : 1;
  v.setFloat64(o, d.baseMargin, true); o += 8;
  v.setFloat64(o, d.sigmoidScale, true); o += 8;
  u32(d.featureNames ? names.length : 0xffffffff);
  for (const nm of names) {
    u32(nm.length);
    bytes.set(nm, o);
    o += nm.length;
  }
  for (const p of parts) {
    bytes[o++] = p.mode;
    if (p.mode === 2) continue;
    const a = p.data;
    const n = a.length;
    if (p.kind === 'u8') { for (let i = 0; i < n; i++) bytes[o + i] = a[i]!; o += n; }
    else if (p.kind === 'i32' && p.mode >= 3) { for (let i = 0; i < n; i++) v.setInt16(o + 2 * i, a[i]!, true); o += 2 * n; }
    else if (p.kind === 'i32') { for (let i = 0; i < n; i++) v.setInt32(o + 4 * i, a[i]!, true); o += 4 * n; }
    else if (p.kind === 'u32') { for (let i = 0; i < n; i++) v.setUint32(o + 4 * i, a[i]!, true); o += 4 * n; }
    else if (p.mode === 1) { for (let i = 0; i < n; i++) v.setFloat32(o + 4 * i, a[i]!, true); o += 4 * n; }
    else { for (let i = 0; i < n; i++) v.setFloat64(o + 8 * i, a[i]!, true); o += 8 * n; }
  }
  v.setUint32(0, MODEL_BINARY_MAGIC, true);
  v.setUint16(4, MODEL_BINARY_VERSION, true);
  v.setUint16(6, 0, true);
  v.setUint32(8, size, true);
  v.setUint32(12, crc32(bytes, HEADER, size), true);
  return bytes;
}

/**
 * Restores a model written by {@link modelToBinary}. Checks, in order: the magic number, the format version,
 * the length (truncation), the CRC-32 (corruption), then the layout; any failure throws {@link CorruptModelError}
 * with `reason` `'magic' | 'version' | 'truncated' | 'checksum' | 'layout'`. Never returns a partial model.
 * Accepts any `Uint8Array` view (database drivers often return a slice of a larger buffer).
 *
 * @example
 * ```ts
 * try { model = modelFromBinary(row.model_bytes) }
 * catch (e) { if (e instanceof CorruptModelError) console.error(e.reason) }
 * ```
 */
export function modelFromBinary(bytes: Uint8Array): TreeEnsembleModel {
  if (!(bytes instanceof Uint8Array)) throw new CorruptModelError('layout', 'expected a Uint8Array');
  if (bytes.length < 4) throw new CorruptModelError('truncated', `${bytes.length} byte(s), a model has at least ${HEADER}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== MODEL_BINARY_MAGIC) throw new CorruptModelError('magic', 'not a binary tree-ensemble model (bad magic number)');
  if (bytes.length < HEADER) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the header alone has ${HEADER}`);
  const version = v.getUint16(4, true);
  if (version !== MODEL_BINARY_VERSION) throw new CorruptModelError('version', `format version ${version}, this library reads version ${MODEL_BINARY_VERSION}`);
  const total = v.getUint32(8, true);
  if (bytes.length < total) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the header declares ${total}`);
  if (bytes.length > total) throw new CorruptModelError('layout', `${bytes.length} byte(s), the header declares ${total} (trailing bytes)`);
  const crc = crc32(bytes, HEADER, total);
  if (crc !== v.getUint32(12, true)) throw new CorruptModelError('checksum', `CRC-32 mismatch (stored 0x${v.getUint32(12, true).toString(16)}, computed 0x${crc.toString(16)})`);
  let o = HEADER;
  const need = (n: number): number => {
    if (o + n > total) throw new CorruptModelError('layout', `field at byte ${o} needs ${n} byte(s) past the end`);
    const p = o;
    o += n;
    return p;
  };
  const u32 = (): number => v.getUint32(need(4), true);
  const nFeatures = u32();
  const numClass = u32();
  const numTrees = u32();
  const numNodes = u32();
  const numCat = u32();
  const p = need(4);
  const objective = OBJ_CODES[bytes[p]!];
  if (objective === undefined) throw new CorruptModelError('layout', `unknown objective code ${bytes[p]}`);
  const sumMode = bytes[p + 1] === 0 ? 'float32' : 'float64';
  const averageOutput = bytes[p + 2] === 1;
  const leafNumbering = bytes[p + 3] === 0 ? 'node' : 'leaf';
  const baseMargin = v.getFloat64(need(8), true);
  const sigmoidScale = v.getFloat64(need(8), true);
  const nNames = u32();
  let featureNames: string[] | undefined;
  if (nNames !== 0xffffffff) {
    if (nNames > total) throw new CorruptModelError('layout', `implausible feature name count ${nNames}`);
    featureNames = [];
    for (let i = 0; i < nNames; i++) {
      const len = u32();
      const q = need(len);
      featureNames.push(utf8Decode(bytes, q, q + len));
    }
  }
  const lengths: Record<string, number> = { treeStart: numTrees + 1, treeClass: numTrees, catBits: numCat };
  const len = (k: string): number => lengths[k] ?? numNodes;
  const readArray = (k: string, kind: 'i32' | 'u8' | 'f64' | 'u32'): Int32Array | Uint8Array | Float64Array | Uint32Array => {
    const mode = bytes[need(1)]!;
    const n = len(k);
    if (mode > 4 || (mode === 1 && kind !== 'f64') || (mode >= 3 && kind !== 'i32') || (mode === 4 && k !== 'left' && k !== 'right')) {
      throw new CorruptModelError('layout', `array ${k}: invalid storage mode ${mode}`);
    }
    const out = kind === 'i32' ? new Int32Array(n) : kind === 'u8' ? new Uint8Array(n) : kind === 'u32' ? new Uint32Array(n) : new Float64Array(n);
    if (mode === 2) return out;
    const w = width(kind, mode);
    if (n * w > total - o) throw new CorruptModelError('layout', `array ${k}: ${n} element(s) do not fit in the remaining ${total - o} byte(s)`);
    const q = need(n * w);
    if (kind === 'u8') out.set(bytes.subarray(q, q + n));
    else if (kind === 'i32' && mode === 3) for (let i = 0; i < n; i++) out[i] = v.getInt16(q + 2 * i, true);
    else if (kind === 'i32' && mode === 4) for (let i = 0; i < n; i++) { const r = v.getInt16(q + 2 * i, true); out[i] = r === 0 ? -1 : i + r; }
    else if (kind === 'i32') for (let i = 0; i < n; i++) out[i] = v.getInt32(q + 4 * i, true);
    else if (kind === 'u32') for (let i = 0; i < n; i++) out[i] = v.getUint32(q + 4 * i, true);
    else if (mode === 1) for (let i = 0; i < n; i++) out[i] = v.getFloat32(q + 4 * i, true);
    else for (let i = 0; i < n; i++) out[i] = v.getFloat64(q + 8 * i, true);
    return out;
  };
  const a: Record<string, Int32Array | Uint8Array | Float64Array | Uint32Array> = {};
  for (const k of INT_ARRAYS) a[k] = readArray(k, 'i32');
  for (const k of BYTE_ARRAYS) a[k] = readArray(k, 'u8');
  for (const k of FLOAT_ARRAYS) a[k] = readArray(k, 'f64');
  a.catBits = readArray('catBits', 'u32');
  if (o !== total) throw new CorruptModelError('layout', `${total - o} unread byte(s) at the end`);
  try {
    return new TreeEnsembleModel({
      nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering,
      treeStart: a.treeStart as Int32Array, treeClass: a.treeClass as Int32Array, feature: a.feature as Int32Array, left: a.left as Int32Array, right: a.right as Int32Array,
      catStart: a.catStart as Int32Array, catEnd: a.catEnd as Int32Array, defaultLeft: a.defaultLeft as Uint8Array, splitKind: a.splitKind as Uint8Array,
      missingType: a.missingType as Uint8Array, threshold: a.threshold as Float64Array, value: a.value as Float64Array, cover: a.cover as Float64Array,
      gain: a.gain as Float64Array, catBits: a.catBits as Uint32Array,
    });
  } catch (e) {
    if (e instanceof ModelFormatError) throw new CorruptModelError('layout', e.message);
    throw e;
  }
}
