/**
 * The ensemble artifact's layout and its header: constants, the header's type, and the check of a header read
 * back (after the checksum has passed).
 *
 * Layout (little-endian):
 * ```
 * offset 0   u32  magic "AV4E"
 *        4   u16  format version (ENSEMBLE_BINARY_VERSION)
 *        6   u16  reserved, 0
 *        8   u32  total byte length
 *       12   u32  header length H
 *       16   H    header: UTF-8 JSON (EnsembleHeader)
 *   16 + H   ...  each member's bytes in member order (lengths in the header): our tree binary (`modelToBinary`),
 *                 our MLP binary (`mlpToBinary`) or the ONNX file as it is
 * total - 4  u32  CRC-32 of bytes [0, total - 4)
 * ```
 *
 * @module
 */
import type { CalibratorJSON } from '../../calibration/calibrator.js';
import { describeValue } from '../../core/describe.js';
import { AlphaError } from '../../core/errors.js';
import { checkCombination, type Combination } from '../combine/combination.js';
import type { TrainingWindow } from '../ensemble.js';
import { CorruptModelError } from '../errors.js';
import { checkNameList } from '../feature-names.js';
import type { SealedFormat } from '../gbdt/io/sealed.js';
import type { EnsembleReport } from '../metrics.js';
import { MODEL_KINDS, type ModelKind } from '../model.js';

/** Magic number "AV4E" at the start of every ensemble artifact ('A' 'V' '4' 'E' read as a little-endian uint32). */
export const ENSEMBLE_BINARY_MAGIC = 0x45345641;
/** The artifact format version written by `ensembleToBinary`. */
export const ENSEMBLE_BINARY_VERSION = 1;
/** The version of `@alpha-v4/core` that writes artifacts (package.json's; a test keeps them equal). */
export const LIBRARY_VERSION = '0.1.0';
/** The `format` field of every header. */
export const ENSEMBLE_FORMAT = 'alpha-v4-ensemble';
/** The artifact's prefix: magic, version, total length; its CRC-32 is the last 4 bytes (see `gbdt/io/sealed.ts`). */
export const ENSEMBLE_SEALED: SealedFormat = { magic: ENSEMBLE_BINARY_MAGIC, version: ENSEMBLE_BINARY_VERSION, name: 'an ensemble artifact', crc: 'tail' };

/** One member's entry in the header. */
export interface MemberEntry {
  readonly name: string;
  readonly kind: ModelKind;
  /** Length of its bytes. */
  readonly bytes: number;
}

/** The header of an artifact: everything but the members' bytes. */
export interface EnsembleHeader {
  readonly format: typeof ENSEMBLE_FORMAT;
  /** The library version that wrote it. */
  readonly library: string;
  /** Feature names in column order. */
  readonly featureNames: readonly string[];
  readonly members: readonly MemberEntry[];
  readonly combination: Combination;
  readonly minShare: number;
  readonly calibrator: CalibratorJSON | null;
  readonly window: TrainingWindow | null;
  /** The training report as written (not checked on reading). */
  readonly report: EnsembleReport | null;
}

function layout(where: string, message: string): never {
  throw new CorruptModelError('layout', `ensemble header ${where}: ${message}`);
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkMembers(value: unknown, bodyBytes: number): MemberEntry[] {
  if (!Array.isArray(value) || value.length === 0) layout('members', `expected a non-empty array, got ${describeValue(value)}`);
  let total = 0;
  const members = (value as unknown[]).map((entry, k): MemberEntry => {
    const e = (entry ?? {}) as Partial<MemberEntry>;
    if (typeof e.name !== 'string' || e.name === '') layout(`members[${k}].name`, `expected a non-empty string, got ${describeValue(e.name)}`);
    if (!MODEL_KINDS.includes(e.kind as ModelKind) || e.kind === 'custom') layout(`members[${k}].kind`, `expected a saved model kind, got ${describeValue(e.kind)}`);
    if (!Number.isSafeInteger(e.bytes) || e.bytes! < 0) layout(`members[${k}].bytes`, `expected a byte count, got ${describeValue(e.bytes)}`);
    total += e.bytes!;
    return { name: e.name!, kind: e.kind!, bytes: e.bytes! };
  });
  if (total !== bodyBytes) layout('members', `the members' lengths add up to ${total} bytes, the artifact holds ${bodyBytes}`);
  return members;
}

/**
 * Checks a parsed header against the artifact (its member bytes total `bodyBytes`): the format name, the feature
 * names, the member entries, the combination, `minShare`, the training window and the shapes of the calibrator and
 * report fields. Throws `CorruptModelError` (reason `'layout'`) naming the field at fault.
 *
 * @example
 * ```ts
 * checkHeader({ format: 'alpha-v4-ensemble', library: '0.1.0', featureNames: ['a'], members: [] }, 0)
 * // throws CorruptModelError: corrupt binary model (layout): ensemble header members: expected a non-empty array, got Array(0)
 * ```
 */
export function checkHeader(json: unknown, bodyBytes: number): EnsembleHeader {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) layout('', `expected an object, got ${describeValue(json)}`);
  const h = json as Record<string, unknown>;
  if (h.format !== ENSEMBLE_FORMAT) layout('format', `expected ${JSON.stringify(ENSEMBLE_FORMAT)}, got ${describeValue(h.format)}`);
  if (typeof h.library !== 'string') layout('library', `expected a version string, got ${describeValue(h.library)}`);
  let featureNames: string[] = [];
  try {
    featureNames = checkNameList(h.featureNames as string[], 'featureNames');
  } catch (e) {
    layout('featureNames', e instanceof AlphaError ? e.message : String(e));
  }
  const members = checkMembers(h.members, bodyBytes);
  const combination = checkCombination(h.combination, members.length, (field, message) => layout(`combination${field}`, message));
  if (!(finite(h.minShare) && h.minShare > 0 && h.minShare <= 1)) layout('minShare', `expected a number in (0, 1], got ${describeValue(h.minShare)}`);
  const w = h.window as Partial<TrainingWindow> | null;
  if (w !== null && !(typeof w === 'object' && finite(w.first) && finite(w.last) && w.first <= w.last)) layout('window', `expected null or { first, last } times, got ${describeValue(w)}`);
  for (const key of ['calibrator', 'report'] as const) {
    if (h[key] !== null && (typeof h[key] !== 'object' || Array.isArray(h[key]))) layout(key, `expected null or an object, got ${describeValue(h[key])}`);
  }
  return {
    format: ENSEMBLE_FORMAT,
    library: h.library as string,
    featureNames,
    members,
    combination,
    minShare: h.minShare as number,
    calibrator: h.calibrator as CalibratorJSON | null,
    window: w as TrainingWindow | null,
    report: h.report as EnsembleReport | null,
  };
}
