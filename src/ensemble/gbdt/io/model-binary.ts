/**
 * Our compact model format: a {@link TreeEnsembleModel} as checksummed little-endian bytes (`Uint8Array`, for the
 * database BYTEA column). The round trip is lossless. Runtime-agnostic (no Node or Web APIs).
 * @module
 */
import { CorruptModelError, ModelFormatError } from '../../errors.js';
import { TreeEnsembleModel } from '../model.js';
import { GBDT_OBJECTIVES, type GBDTObjective, type TreeEnsembleData } from '../trees.js';
import { checkModelShape, ELEMENT_SIZE, type ElementType } from './bounded.js';
import { BYTE_ARRAYS, FLOAT_ARRAYS, INT_ARRAYS } from './fields.js';
import { openSealed, seal, SEALED_PREFIX as HEADER, type SealedFormat } from './sealed.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/** Magic number "AGBT" at the start of every binary model. */
export const MODEL_BINARY_MAGIC = 0x54424741; // 'A' 'G' 'B' 'T' read as a little-endian uint32
/** The binary format version written by {@link modelToBinary}. */
export const MODEL_BINARY_VERSION = 1;
/** The header: magic, version, total length, CRC-32 of bytes [16, total) (see `sealed.ts`). */
const SEALED: SealedFormat = { magic: MODEL_BINARY_MAGIC, version: MODEL_BINARY_VERSION, name: 'a binary tree-ensemble model', crc: 'header' };

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
  return seal(bytes, SEALED);
}

/**
 * Restores a model written by {@link modelToBinary}. Checks, in order: the magic number, the format version,
 * the length (truncation), the CRC-32 (corruption), then the layout; any failure throws {@link CorruptModelError}
 * with `reason` `'magic' | 'version' | 'truncated' | 'checksum' | 'layout'` (and `'layout'` when `bytes` is not a
 * `Uint8Array`). Never returns a partial model. Accepts any `Uint8Array` view (database drivers often return a
 * slice of a larger buffer).
 *
 * Bounded (see `bounded.ts`): the node, tree, categorical-word and feature-name counts are each checked against
 * the bytes that remain before anything is allocated, so an n-byte input allocates O(n) memory even when its
 * checksum was forged.
 *
 * @example
 * ```ts
 * try { model = modelFromBinary(row.model_bytes) }
 * catch (e) { if (e instanceof CorruptModelError) console.error(e.reason) }
 * ```
 */
export function modelFromBinary(bytes: Uint8Array): TreeEnsembleModel {
  const r = openSealed(bytes, SEALED);
  // Every node, tree and categorical word occupies at least one byte of the arrays below (a valid model's
  // `feature` array is never all zero), so each count is at most the bytes that remain.
  const nFeatures = r.u32();
  const numClass = r.u32();
  const numTrees = r.u32();
  const numNodes = r.u32();
  const numCat = r.u32();
  const p = r.take(4);
  const objective = OBJ_CODES[bytes[p]!];
  if (objective === undefined) r.fail(`unknown objective code ${bytes[p]}`);
  const sumMode = bytes[p + 1] === 0 ? 'float32' : 'float64';
  const averageOutput = bytes[p + 2] === 1;
  const leafNumbering = bytes[p + 3] === 0 ? 'node' : 'leaf';
  const baseMargin = r.read('f64');
  const sigmoidScale = r.read('f64');
  r.count(numNodes, 1, 'numNodes');
  r.count(numTrees + 1, 1, 'numTrees + 1');
  r.count(numCat, 1, 'numCat');
  checkModelShape({ nFeatures, numClass, numTrees }, (field, message) => r.fail(`${field}: ${message}`));
  const nNames = r.u32();
  let featureNames: string[] | undefined;
  if (nNames !== 0xffffffff) {
    featureNames = [];
    for (let i = r.count(nNames, 4, 'feature names'); i > 0; i--) {
      const len = r.count(r.u32(), 1, 'feature name length');
      const q = r.take(len);
      featureNames.push(utf8Decode(bytes, q, q + len));
    }
  }
  const lengths: Record<string, number> = { treeStart: numTrees + 1, treeClass: numTrees, catBits: numCat };
  const readArray = <T extends Int32Array | Uint8Array | Float64Array | Uint32Array>(k: string, kind: 'i32' | 'u8' | 'f64' | 'u32', make: new (n: number) => T): T => {
    const mode = r.u8();
    if (mode > 4 || (mode === 1 && kind !== 'f64') || (mode >= 3 && kind !== 'i32') || (mode === 4 && k !== 'left' && k !== 'right')) {
      r.fail(`array ${k}: invalid storage mode ${mode}`);
    }
    const n = lengths[k] ?? numNodes;
    if (mode === 2) return new make(n);
    const stored: ElementType = mode === 1 ? 'f32' : mode >= 3 ? 'i16' : kind;
    const out = new make(r.count(n, ELEMENT_SIZE[stored], `array ${k}`));
    r.decode(out, stored);
    if (mode === 4) for (let i = 0; i < n; i++) out[i] = out[i] === 0 ? -1 : i + out[i]!;
    return out;
  };
  const ints = Object.fromEntries(INT_ARRAYS.map((k) => [k, readArray(k, 'i32', Int32Array)])) as Record<(typeof INT_ARRAYS)[number], Int32Array>;
  const u8s = Object.fromEntries(BYTE_ARRAYS.map((k) => [k, readArray(k, 'u8', Uint8Array)])) as Record<(typeof BYTE_ARRAYS)[number], Uint8Array>;
  const floats = Object.fromEntries(FLOAT_ARRAYS.map((k) => [k, readArray(k, 'f64', Float64Array)])) as Record<(typeof FLOAT_ARRAYS)[number], Float64Array>;
  const catBits = readArray('catBits', 'u32', Uint32Array);
  if (r.remaining !== 0) r.fail(`${r.remaining} unread byte(s) at the end`);
  const init = { nFeatures, featureNames, numClass, objective: objective!, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering, ...ints, ...u8s, ...floats, catBits } as const;
  try {
    return new TreeEnsembleModel(init);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new CorruptModelError('layout', e.message);
    throw e;
  }
}
