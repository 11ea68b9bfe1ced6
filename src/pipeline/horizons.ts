/**
 * The multi-horizon bundle (format `'alpha-v4-horizons'`): one ensemble per horizon h, each trained on h-step
 * labels and all predicting from the same current features (the features of future candles do not exist, so a
 * model of the move h candles ahead is a model of its own, not the 1-step model iterated).
 *
 * Layout (little-endian), a sealed file like the ensemble artifact (`ensemble/gbdt/io/sealed.ts`):
 * ```
 * offset 0   u32  magic "AV4H"
 *        4   u16  format version (HORIZONS_BINARY_VERSION)
 *        6   u16  reserved, 0
 *        8   u32  total byte length
 *       12   u32  K, the number of horizons (>= 1)
 *       16   K    u32 horizons, strictly increasing, each >= 1
 *   16 + 4K  K    u32 byte lengths of the K ensemble artifacts
 *   16 + 8K  u32  F, then F bytes: the shared feature names, a UTF-8 JSON array of strings
 *            ...  the K ensemble artifacts (`ensembleToBinary`), in horizon order
 * total - 4  u32  CRC-32 of bytes [0, total - 4)
 * ```
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { AlphaError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { ensembleFromBinary, ensembleFromBinarySync, type EnsembleLoadOptions } from '../ensemble/artifact/read.js';
import { ensembleToBinary } from '../ensemble/artifact/write.js';
import { Ensemble } from '../ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError } from '../ensemble/errors.js';
import { checkFeatureNames, checkNameList } from '../ensemble/feature-names.js';
import type { ByteReader } from '../ensemble/gbdt/io/bounded.js';
import { openSealed, seal, SEALED_PREFIX, type SealedFormat } from '../ensemble/gbdt/io/sealed.js';
import { utf8Decode, utf8Encode } from '../ensemble/gbdt/io/utf8.js';

/** The `format` of a model version holding a horizon bundle. */
export const HORIZONS_FORMAT = 'alpha-v4-horizons';
/** Magic number "AV4H" ('A' 'V' '4' 'H' read as a little-endian uint32). */
export const HORIZONS_BINARY_MAGIC = 0x48345641;
/** The bundle format version written and read. */
export const HORIZONS_BINARY_VERSION = 1;
/** Largest horizon a bundle holds (a u32). */
const MAX_HORIZON = 0xffffffff;

const SEALED: SealedFormat = { magic: HORIZONS_BINARY_MAGIC, version: HORIZONS_BINARY_VERSION, name: 'a horizon bundle', crc: 'tail' };

/** One horizon of a bundle: the ensemble predicting the direction `horizon` candles ahead. */
export interface HorizonModel {
  /** Candles ahead, >= 1. */
  readonly horizon: number;
  readonly ensemble: Ensemble;
}

/**
 * Checks ensembles of several horizons and returns them sorted by horizon: a non-empty array of
 * `{ horizon, ensemble }` with integer horizons in [1, 2^32 - 1], each once, and `Ensemble`s of the same feature
 * names (a bundle predicts every horizon from one feature row). Throws `InvalidParameterError` naming the entry,
 * or `FeatureMismatchError` naming the names that differ.
 *
 * @example
 * ```ts
 * sortHorizonModels([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }]).map((m) => m.horizon) // => [1, 4]
 * ```
 */
export function sortHorizonModels(models: readonly HorizonModel[]): HorizonModel[] {
  if (!Array.isArray(models) || models.length === 0) throw new InvalidParameterError('models', `expected a non-empty array of { horizon, ensemble }, got ${describeValue(models)}`);
  models.forEach((m: HorizonModel, k) => {
    checkOptions(m, ['horizon', 'ensemble'], `models[${k}]`);
    const h: unknown = m.horizon;
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 1 || h > MAX_HORIZON) throw new InvalidParameterError(`models[${k}].horizon`, `must be an integer in [1, ${MAX_HORIZON}], got ${describeValue(h)}`);
    if (!(m.ensemble instanceof Ensemble)) throw new InvalidParameterError(`models[${k}].ensemble`, `expected an Ensemble, got ${describeValue(m.ensemble)}`);
    checkFeatureNames(models[0]!.ensemble.featureNames, m.ensemble.featureNames, `models[${k}].ensemble.featureNames`);
  });
  const sorted = [...models].sort((a, b) => a.horizon - b.horizon);
  sorted.forEach((m, k) => {
    if (k > 0 && m.horizon === sorted[k - 1]!.horizon) throw new InvalidParameterError('models', `horizon ${m.horizon} is given twice`);
  });
  return sorted;
}

/**
 * The ensembles of several horizons as one bundle (layout in the module doc): a header with the horizons, the
 * artifacts' lengths and the shared feature names, then each ensemble's artifact (`ensembleToBinary`), all under a
 * CRC-32. Models are written in increasing horizon order whatever the order given. Runtime-agnostic.
 *
 * Throws what {@link sortHorizonModels} throws for the models, and `UnsupportedModelError` for a member without a
 * binary form (see `ensembleToBinary`).
 *
 * @example
 * ```ts
 * const bytes = horizonsToBinary([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }])
 * (await horizonsFromBinary(bytes, { featureNames: e1.featureNames })).map((m) => m.horizon) // => [1, 4]
 * ```
 */
export function horizonsToBinary(models: readonly HorizonModel[]): Uint8Array {
  const sorted = sortHorizonModels(models);
  const parts = sorted.map((m) => ensembleToBinary(m.ensemble));
  const names = utf8Encode(JSON.stringify(sorted[0]!.ensemble.featureNames));
  const K = sorted.length;
  const head = SEALED_PREFIX + 8 * K + 4;
  const total = head + names.length + parts.reduce((s, p) => s + p.length, 0) + 4;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(12, K, true);
  sorted.forEach((m, k) => {
    v.setUint32(16 + 4 * k, m.horizon, true);
    v.setUint32(16 + 4 * (K + k), parts[k]!.length, true);
  });
  v.setUint32(16 + 8 * K, names.length, true);
  out.set(names, head);
  let o = head + names.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return seal(out, SEALED);
}

function layout(message: string): never {
  throw new CorruptModelError('layout', `horizon bundle: ${message}`);
}

/** Reads the horizons (strictly increasing, >= 1) of a header. */
function readHorizons(r: ByteReader, K: number): number[] {
  const horizons: number[] = [];
  for (let k = 0; k < K; k++) {
    const h = r.u32();
    if (h < 1) layout(`horizons[${k}] is 0, a horizon is at least 1`);
    const earlier = horizons.indexOf(h);
    if (earlier >= 0) layout(`horizon ${h} appears twice (positions ${earlier} and ${k})`);
    if (k > 0 && h < horizons[k - 1]!) layout(`horizons are not increasing: ${horizons[k - 1]} then ${h} at position ${k}`);
    horizons.push(h);
  }
  return horizons;
}

/** Reads the shared feature names: a byte length, then a UTF-8 JSON array of distinct strings. */
function readNames(r: ByteReader): string[] {
  const F = r.count(r.u32(), 1, 'feature names length');
  const at = r.take(F);
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(r.bytes, at, at + F));
  } catch {
    return layout('the feature names are not JSON');
  }
  try {
    return checkNameList(json as string[], 'featureNames');
  } catch (e) {
    return layout(e instanceof AlphaError ? e.message : String(e));
  }
}

/** The header and each artifact's bytes, every count checked against the bytes present. */
function parse(bytes: Uint8Array): { horizons: number[]; featureNames: string[]; parts: Uint8Array[] } {
  const r = openSealed(bytes, SEALED);
  const K = r.count(r.u32(), 8, 'horizons');
  if (K === 0) layout('no horizons');
  const horizons = readHorizons(r, K);
  const lengths = horizons.map((h) => r.count(r.u32(), 1, `artifact length of horizon ${h}`));
  const featureNames = readNames(r);
  const sum = lengths.reduce((s, n) => s + n, 0);
  if (sum !== r.remaining) layout(`the artifacts' lengths add up to ${sum} bytes, the bundle holds ${r.remaining}`);
  const parts = lengths.map((n) => {
    const p = r.take(n);
    return r.bytes.subarray(p, p + n);
  });
  return { horizons, featureNames, parts };
}

/** The bundle's header and parts, the caller's options and feature names checked first, then against the bundle's. */
function open(bytes: Uint8Array, options: EnsembleLoadOptions, keys: readonly string[]): { horizons: number[]; featureNames: string[]; parts: Uint8Array[] } {
  const o = checkOptions(options, keys, 'options');
  const given = checkNameList(o.featureNames, 'options.featureNames');
  const bundle = parse(bytes);
  checkFeatureNames(bundle.featureNames, given, 'options.featureNames');
  return bundle;
}

/** A horizon's loading fault, naming the horizon: a corrupt artifact, or names other than the bundle's. */
function named(horizon: number, e: unknown): never {
  if (e instanceof CorruptModelError) throw new CorruptModelError(e.reason, `horizon ${horizon}: ${e.message}`);
  if (e instanceof FeatureMismatchError) layout(`horizon ${horizon}: its ensemble's feature names are not the bundle's: ${e.message}`);
  throw e;
}

/** One horizon's ensemble, asynchronously; its faults name the horizon. */
async function load(horizon: number, part: Uint8Array, featureNames: readonly string[], onnx: EnsembleLoadOptions['onnx']): Promise<HorizonModel> {
  try {
    return { horizon, ensemble: await ensembleFromBinary(part, { featureNames, ...(onnx ? { onnx } : {}) }) };
  } catch (e) {
    return named(horizon, e);
  }
}

/**
 * The ensembles of a bundle written by {@link horizonsToBinary}, in increasing horizon order. Checks, in order:
 * the bytes (`CorruptModelError`: `'magic'`, `'version'`, `'truncated'` when cut short, `'checksum'` when any byte
 * changed, `'layout'` for no horizons, a horizon 0, repeated or out of order, counts or lengths beyond the bytes
 * present, lengths that do not add up, feature names that are not a JSON array of distinct strings); then the
 * caller's feature names against the bundle's (`FeatureMismatchError`, as `ensembleFromBinary`); then each
 * artifact (its faults are `CorruptModelError` naming the horizon, an artifact whose feature names are not the
 * bundle's included). On any failure the ensembles already loaded are released.
 *
 * @example
 * ```ts
 * const models = await horizonsFromBinary(bytes, { featureNames: frame.names })
 * models.map((m) => m.horizon) // => [1, 4, 16]
 * ```
 */
export async function horizonsFromBinary(bytes: Uint8Array, options: EnsembleLoadOptions): Promise<HorizonModel[]> {
  const { horizons, featureNames, parts } = open(bytes, options, ['featureNames', 'onnx']);
  const settled = await Promise.allSettled(horizons.map((h, k) => load(h, parts[k]!, featureNames, options.onnx)));
  const loaded = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.allSettled(loaded.map((m) => m.ensemble.release()));
    throw failed.reason;
  }
  return loaded;
}

/**
 * {@link horizonsFromBinary}, synchronously (`ensembleFromBinarySync` for each horizon), for runtimes that cannot
 * await (plv8): the same checks and errors in the same order; an ONNX member is an `UnsupportedModelError` naming
 * it. Options: `featureNames` only.
 *
 * @example
 * ```ts
 * horizonsFromBinarySync(bytes, { featureNames: frame.names }).map((m) => m.horizon) // => [1, 4, 16]
 * ```
 */
export function horizonsFromBinarySync(bytes: Uint8Array, options: Pick<EnsembleLoadOptions, 'featureNames'>): HorizonModel[] {
  const { horizons, featureNames, parts } = open(bytes, options, ['featureNames']);
  return horizons.map((horizon, k) => {
    try {
      return { horizon, ensemble: ensembleFromBinarySync(parts[k]!, { featureNames }) };
    } catch (e) {
      return named(horizon, e);
    }
  });
}
