/**
 * `ensembleToBinary`: one versioned, checksummed artifact holding a whole ensemble.
 *
 * @module
 */
import type { Ensemble } from '../ensemble.js';
import { UnsupportedModelError } from '../errors.js';
import { seal, SEALED_PREFIX } from '../gbdt/io/sealed.js';
import { utf8Encode } from '../gbdt/io/utf8.js';
import { ENSEMBLE_FORMAT, ENSEMBLE_SEALED, LIBRARY_VERSION, type EnsembleHeader } from './format.js';

/**
 * The ensemble as one artifact (a `Uint8Array`, for a BYTEA column or a file): the members in their own binary
 * forms (our GBDT via `modelToBinary`, the MLP via `mlpToBinary`, ONNX files as they are), the combination, the
 * calibrator's JSON, the feature names in order, the training window, the training report, the library version,
 * and a CRC-32 over everything before it (layout in `artifact/format.ts`). Runtime-agnostic: strings are encoded
 * to UTF-8 by hand. The same ensemble gives the same bytes, and `ensembleFromBinary` gives back an ensemble that
 * predicts identically and re-encodes to the same bytes. Throws `UnsupportedModelError` for a member that cannot
 * be saved (`'custom'` members, or any without `toBinary`).
 *
 * @example
 * ```ts
 * const bytes = ensembleToBinary(ensemble)
 * const back = await ensembleFromBinary(bytes, { featureNames: ensemble.featureNames })
 * ensembleToBinary(back) // => the same bytes
 * ```
 */
export function ensembleToBinary(ensemble: Ensemble): Uint8Array {
  const parts = ensemble.members.map((m) => {
    if (m.kind === 'custom' || m.toBinary === undefined) throw new UnsupportedModelError(`saving member ${m.name} (${m.kind})`, 'only gbdt, xgboost, lightgbm, mlp and onnx members have a binary form');
    return m.toBinary();
  });
  const header: EnsembleHeader = {
    format: ENSEMBLE_FORMAT,
    library: LIBRARY_VERSION,
    featureNames: ensemble.featureNames,
    members: ensemble.members.map((m, k) => ({ name: m.name, kind: m.kind, bytes: parts[k]!.length })),
    combination: ensemble.combination,
    minShare: ensemble.minShare,
    calibrator: ensemble.calibrator?.toJSON() ?? null,
    window: ensemble.window ?? null,
    report: ensemble.report ?? null,
  };
  const json = utf8Encode(JSON.stringify(header));
  const total = SEALED_PREFIX + json.length + parts.reduce((s, p) => s + p.length, 0) + 4;
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(12, json.length, true);
  out.set(json, SEALED_PREFIX);
  let o = SEALED_PREFIX + json.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return seal(out, ENSEMBLE_SEALED);
}
