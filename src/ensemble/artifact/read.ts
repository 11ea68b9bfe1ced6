/**
 * Reading the ensemble artifact back: `ensembleInfo` (the header, checked) and `ensembleFromBinary` (the ensemble,
 * after the feature names it is given have been checked against the artifact's).
 *
 * @module
 */
import { calibratorFromJSON } from '../../calibration/serialize.js';
import { describeValue } from '../../core/describe.js';
import { AlphaError, InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { Ensemble } from '../ensemble.js';
import { CorruptModelError } from '../errors.js';
import { checkFeatureNames, checkNameList } from '../feature-names.js';
import { modelFromBinary } from '../gbdt/io/model-binary.js';
import { crc32 } from '../gbdt/io/crc32.js';
import { utf8Decode } from '../gbdt/io/utf8.js';
import { mlpFromBinary } from '../mlp/binary.js';
import { mlpMember, onnxMember, treeMember, type Model, type TreeKind } from '../model.js';
import type { ONNXModelOptions } from '../onnx/onnx-model.js';
import { checkHeader, ENSEMBLE_BINARY_MAGIC, ENSEMBLE_BINARY_VERSION, PREFIX, type EnsembleHeader, type MemberEntry } from './format.js';

/** Options of {@link ensembleFromBinary}. */
export interface EnsembleLoadOptions {
  /** The feature names the caller will pass, in column order: they must be the artifact's, in the same order. */
  readonly featureNames: readonly string[];
  /** How ONNX members are run (the runtime, session options); needed when the artifact holds one. */
  readonly onnx?: Omit<ONNXModelOptions, 'featureNames'>;
}

/** A checked artifact: its header and where each member's bytes are. */
interface Parsed {
  readonly header: EnsembleHeader;
  readonly members: readonly Uint8Array[];
}

function parse(bytes: Uint8Array): Parsed {
  if (!(bytes instanceof Uint8Array)) throw new CorruptModelError('layout', `expected the artifact as a Uint8Array, got ${describeValue(bytes)}`);
  if (bytes.length < PREFIX + 4) throw new CorruptModelError('truncated', `${bytes.length} byte(s), an ensemble artifact has at least ${PREFIX + 4}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ENSEMBLE_BINARY_MAGIC) throw new CorruptModelError('magic', 'not an ensemble artifact (bad magic number)');
  const version = view.getUint16(4, true);
  if (version !== ENSEMBLE_BINARY_VERSION) throw new CorruptModelError('version', `artifact format version ${version}, this library reads version ${ENSEMBLE_BINARY_VERSION}`);
  const total = view.getUint32(8, true);
  if (bytes.length < total) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the artifact declares ${total}`);
  if (bytes.length > total) throw new CorruptModelError('layout', `${bytes.length} byte(s), the artifact declares ${total} (trailing bytes)`);
  const stored = view.getUint32(total - 4, true);
  const computed = crc32(bytes, 0, total - 4);
  if (stored !== computed) throw new CorruptModelError('checksum', `CRC-32 mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)})`);
  const H = view.getUint32(12, true);
  if (PREFIX + H > total - 4) throw new CorruptModelError('layout', `a header of ${H} bytes does not fit in ${total} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(bytes, PREFIX, PREFIX + H));
  } catch {
    throw new CorruptModelError('layout', 'the ensemble header is not JSON');
  }
  const header = checkHeader(json, total - 4 - PREFIX - H);
  let o = PREFIX + H;
  const members = header.members.map((m) => bytes.subarray(o, (o += m.bytes)));
  return { header, members };
}

/**
 * The header of an artifact: feature names, members (name, kind, size), combination, calibrator JSON, training
 * window, report and library version, without loading any member (no ONNX runtime needed). The checksum is
 * verified: a corrupted or truncated artifact throws `CorruptModelError` (reasons `'checksum'`, `'truncated'`,
 * `'magic'`, `'version'`, `'layout'`).
 *
 * @example
 * ```ts
 * const info = ensembleInfo(bytes)
 * [info.library, info.members.map((m) => m.kind)] // => ['0.1.0', ['gbdt-depthwise', 'gbdt-leafwise']]
 * ```
 */
export function ensembleInfo(bytes: Uint8Array): EnsembleHeader {
  return parse(bytes).header;
}

async function decode(entry: MemberEntry, bytes: Uint8Array, featureNames: readonly string[], onnx: EnsembleLoadOptions['onnx']): Promise<Model> {
  const { name, kind } = entry;
  if (kind === 'mlp') return mlpMember(mlpFromBinary(bytes), { name });
  if (kind !== 'onnx') return treeMember(modelFromBinary(bytes), { name, kind: kind as TreeKind });
  if (onnx === undefined) throw new InvalidParameterError('options.onnx', `member ${name} is an ONNX model: pass { onnx: { runtime } } (an onnxruntime module or its name)`);
  return onnxMember(bytes, { ...onnx, name, featureNames });
}

/**
 * The ensemble in an artifact written by `ensembleToBinary`. Checks, in order: the bytes (magic, version, length:
 * `CorruptModelError` `'truncated'` when cut short, `'checksum'` when any byte changed, `'layout'` for a
 * malformed header); then the feature names given against the artifact's: the same names in the same order, or
 * `FeatureMismatchError` saying which are missing, extra, or moved (with positions); then the members (each
 * format checks its own bytes too). ONNX members are created with `options.onnx` (`InvalidParameterError` when it
 * is absent, `MissingDependencyError` when the runtime named is not installed).
 *
 * @example
 * ```ts
 * const ensemble = await ensembleFromBinary(bytes, { featureNames: frame.names })
 * await ensembleFromBinary(bytes, { featureNames: ['atr_14', 'rsi_14'] })
 * // throws FeatureMismatchError: options.featureNames: 2 feature name(s) differ from the model's: moved rsi_14 (model position 0, given 1), ...
 * ```
 */
export async function ensembleFromBinary(bytes: Uint8Array, options: EnsembleLoadOptions): Promise<Ensemble> {
  const o = checkOptions(options, ['featureNames', 'onnx'], 'options');
  const given = checkNameList(o.featureNames, 'options.featureNames');
  const { header, members: parts } = parse(bytes);
  checkFeatureNames(header.featureNames, given, 'options.featureNames');
  let calibrator;
  try {
    calibrator = header.calibrator === null ? undefined : calibratorFromJSON(header.calibrator);
  } catch (e) {
    throw new CorruptModelError('layout', `ensemble header calibrator: ${e instanceof AlphaError ? e.message : String(e)}`);
  }
  const settled = await Promise.allSettled(header.members.map((m, k) => decode(m, parts[k]!.slice(), header.featureNames, o.onnx)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const members = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.allSettled(members.map((m) => m.release?.()));
    throw failed.reason;
  }
  return new Ensemble(members, {
    featureNames: header.featureNames,
    combination: header.combination,
    minShare: header.minShare,
    ...(calibrator ? { calibrator } : {}),
    ...(header.window ? { window: header.window } : {}),
    ...(header.report ? { report: header.report } : {}),
  });
}
