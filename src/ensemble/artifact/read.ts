/**
 * Reading the ensemble artifact back: `ensembleInfo` (the header, checked) and `ensembleFromBinary` (the ensemble,
 * after the feature names it is given have been checked against the artifact's), or `ensembleFromBinarySync` (the
 * same, synchronously, for artifacts without ONNX members). Both share every step but the ONNX session's creation.
 *
 * @module
 */
import type { Calibrator } from '../../calibration/calibrator.js';
import { calibratorFromJSON } from '../../calibration/serialize.js';
import { describeValue } from '../../core/describe.js';
import { AlphaError, InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { Ensemble } from '../ensemble.js';
import { CorruptModelError, UnsupportedModelError } from '../errors.js';
import { checkFeatureNames, checkNameList } from '../feature-names.js';
import { modelFromBinary } from '../gbdt/io/model-binary.js';
import { openSealed } from '../gbdt/io/sealed.js';
import { utf8Decode } from '../gbdt/io/utf8.js';
import { mlpFromBinary } from '../mlp/binary.js';
import { mlpMember, onnxMember, treeMember, type Model, type TreeKind } from '../model.js';
import type { ONNXModelOptions } from '../onnx/onnx-model.js';
import { checkHeader, ENSEMBLE_SEALED, type EnsembleHeader, type MemberEntry } from './format.js';

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

/** An artifact read for loading: checked against the caller's feature names, its calibrator revived. */
interface Opened extends Parsed {
  readonly calibrator: Calibrator | undefined;
}

/**
 * Opens the artifact (`openSealed`: magic, version, length, CRC-32), then reads the header: its length is checked
 * against the bytes present, its member lengths against the bytes after it (`checkHeader`).
 */
function parse(bytes: Uint8Array): Parsed {
  const r = openSealed(bytes, ENSEMBLE_SEALED);
  const H = r.count(r.u32(), 1, 'header length');
  const at = r.take(H);
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(r.bytes, at, at + H));
  } catch {
    throw new CorruptModelError('layout', 'the ensemble header is not JSON');
  }
  const header = checkHeader(json, r.remaining);
  const members = header.members.map((m) => {
    const p = r.take(m.bytes);
    return r.bytes.subarray(p, p + m.bytes);
  });
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

/**
 * The checks of loading, in order: the options (unknown keys, the feature names given), the bytes (`parse`), the
 * names given against the artifact's (`FeatureMismatchError`), the calibrator (`CorruptModelError` `'layout'`).
 */
function open(bytes: Uint8Array, options: EnsembleLoadOptions, keys: readonly string[]): Opened {
  const o = checkOptions(options, keys, 'options');
  const given = checkNameList(o.featureNames, 'options.featureNames');
  const { header, members } = parse(bytes);
  checkFeatureNames(header.featureNames, given, 'options.featureNames');
  try {
    return { header, members, calibrator: header.calibrator === null ? undefined : calibratorFromJSON(header.calibrator) };
  } catch (e) {
    throw new CorruptModelError('layout', `ensemble header calibrator: ${e instanceof AlphaError ? e.message : String(e)}`);
  }
}

/** A tree or MLP member from its bytes; undefined for an ONNX member (its session is created asynchronously). */
function decodeSync(entry: MemberEntry, bytes: Uint8Array): Model | undefined {
  const { name, kind } = entry;
  if (kind === 'mlp') return mlpMember(mlpFromBinary(bytes), { name });
  if (kind !== 'onnx') return treeMember(modelFromBinary(bytes), { name, kind: kind as TreeKind });
  return undefined;
}

async function decode(entry: MemberEntry, bytes: Uint8Array, featureNames: readonly string[], onnx: EnsembleLoadOptions['onnx']): Promise<Model> {
  const member = decodeSync(entry, bytes);
  if (member !== undefined) return member;
  const { name } = entry;
  if (onnx === undefined) throw new InvalidParameterError('options.onnx', `member ${name} is an ONNX model: pass { onnx: { runtime } } (an onnxruntime module or its name)`);
  return onnxMember(bytes, { ...onnx, name, featureNames });
}

/** The ensemble of an opened artifact and its members. */
function ensembleOf({ header, calibrator }: Opened, members: readonly Model[]): Ensemble {
  return new Ensemble(members, {
    featureNames: header.featureNames,
    combination: header.combination,
    minShare: header.minShare,
    ...(calibrator ? { calibrator } : {}),
    ...(header.window ? { window: header.window } : {}),
    ...(header.report ? { report: header.report } : {}),
  });
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
  const artifact = open(bytes, options, ['featureNames', 'onnx']);
  const { header, members: parts } = artifact;
  const settled = await Promise.allSettled(header.members.map((m, k) => decode(m, parts[k]!.slice(), header.featureNames, options.onnx)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const members = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.allSettled(members.map((m) => m.release?.()));
    throw failed.reason;
  }
  return ensembleOf(artifact, members);
}

/**
 * {@link ensembleFromBinary}, synchronously, for runtimes that cannot await (plv8): the same checks and errors in
 * the same order, the same members (trees and MLPs, whose `Ensemble.predictSync` then works). An ONNX member is an
 * `UnsupportedModelError` (code `MODEL_UNSUPPORTED`) naming it, since its runtime loads asynchronously. Options:
 * `featureNames` only (another key is an `InvalidParameterError`).
 *
 * @example
 * ```ts
 * const ensemble = ensembleFromBinarySync(bytes, { featureNames: frame.names })
 * ensemble.predictSync(X).calibrated // => (await ensembleFromBinary(bytes, { featureNames: frame.names })).predict(X)'s, bit for bit
 * ensembleFromBinarySync(withOnnx, { featureNames })
 * // throws UnsupportedModelError: ONNX member onnx: member onnx is an ONNX model, which loads and predicts only asynchronously: use ensembleFromBinary
 * ```
 */
export function ensembleFromBinarySync(bytes: Uint8Array, options: Pick<EnsembleLoadOptions, 'featureNames'>): Ensemble {
  const artifact = open(bytes, options, ['featureNames']);
  const members = artifact.header.members.map((m, k) => {
    const member = decodeSync(m, artifact.members[k]!.slice());
    if (member === undefined) throw new UnsupportedModelError(`ONNX member ${m.name}`, `member ${m.name} is an ONNX model, which loads and predicts only asynchronously: use ensembleFromBinary`);
    return member;
  });
  return ensembleOf(artifact, members);
}
