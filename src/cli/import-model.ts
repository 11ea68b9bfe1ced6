/**
 * `alpha-v4 train --import-model <file> --format <format>`: an external model file checked, before it is saved, by
 * the decoder that will serve it. A file that is not a model of its format is one `CLI_INPUT` line; nothing is saved.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AlphaError } from '../core/errors.js';
import { ensembleInfo } from '../ensemble/artifact/read.js';
import { loadLightGBMModel } from '../ensemble/gbdt/io/lightgbm.js';
import { modelFromBinary } from '../ensemble/gbdt/io/model-binary.js';
import { utf8Decode } from '../ensemble/gbdt/io/utf8.js';
import { loadXGBoostModel } from '../ensemble/gbdt/io/xgboost.js';
import { planFeatures } from '../pipeline/feature-plan.js';
import { decodeServableModel, SERVABLE_FORMATS } from '../pipeline/model-codec.js';
import type { Market } from '../pipeline/types.js';
import type { ModelVersionInput } from '../store/ops/model-rows.js';
import { CliError } from './errors.js';

/** What an import needs: the file, its format, the market, and feature names when the model has none. */
export interface ImportRequest {
  /** The file's path, resolved. */
  readonly path: string;
  /** The file as the user named it (for messages). */
  readonly name: string;
  readonly format: string;
  readonly market: Market;
  readonly markets: readonly Market[];
  /** The model's columns, in order (default: the names the model file holds). */
  readonly features?: readonly string[] | undefined;
}

/** The feature names a model file holds, by format (undefined when it holds none). */
const NAMES_OF: Readonly<Record<string, (bytes: Uint8Array) => readonly string[] | undefined>> = {
  'xgboost-json': (bytes) => loadXGBoostModel(bytes).featureNames,
  'lightgbm-text': (bytes) => loadLightGBMModel(utf8Decode(bytes, 0, bytes.length)).featureNames,
  'alpha-gbdt-binary': (bytes) => modelFromBinary(bytes).featureNames,
  'alpha-v4-ensemble': (bytes) => ensembleInfo(bytes).featureNames,
  'alpha-v4-horizons': () => undefined,
};

/** Runs a check of the file, turning a library error into `CLI_INPUT` naming the file and the format. */
async function checked<T>(request: ImportRequest, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AlphaError)) throw e;
    throw new CliError('CLI_INPUT', `${request.name}: not a valid ${request.format} model for ${request.market.symbol} ${request.market.timeframe}: ${e.code}: ${e.message}`, { cause: e });
  }
}

/**
 * Reads and checks a model file for `store.saveModelVersion`:
 *
 * 1. `format` must be one the pipeline serves (`SERVABLE_FORMATS`: `xgboost-json` (JSON or UBJSON),
 *    `lightgbm-text`, `alpha-gbdt-binary`, `alpha-v4-ensemble`, `alpha-v4-horizons`): `CLI_USAGE` otherwise;
 * 2. the feature names are `features`, else the file's own (`CLI_USAGE` when it has none);
 * 3. the bytes are decoded as the registry will decode them (`decodeServableModel`: the format's parser, a binary
 *    classifier, the feature names matching the model's): any failure is `CLI_INPUT` naming the file, the format
 *    and the library's error (`MODEL_FORMAT`, `MODEL_CORRUPT`, `MODEL_UNSUPPORTED`, `FEATURE_MISMATCH`);
 * 4. the names must be feature-store columns the market can compute (`planFeatures`: `PipelineError`
 *    `FEATURE_MISMATCH` otherwise).
 *
 * Returns the version to save (metrics `{ imported: <file name> }`, no training window).
 *
 * @example
 * ```ts
 * const version = await importModel({ path, name: 'model.json', format: 'xgboost-json', market, markets, features: ['rsi_14'] })
 * await store.saveModelVersion({ ...version, activate: true })
 * ```
 */
export async function importModel(request: ImportRequest): Promise<ModelVersionInput> {
  const { format, market } = request;
  const namesOf = Object.prototype.hasOwnProperty.call(NAMES_OF, format) ? NAMES_OF[format] : undefined;
  if (namesOf === undefined || !SERVABLE_FORMATS.includes(format)) throw new CliError('CLI_USAGE', `train: --format: expected one of ${SERVABLE_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  let binary: Uint8Array;
  try {
    binary = new Uint8Array(await readFile(request.path));
  } catch (e) {
    throw new CliError('CLI_INPUT', `${request.name}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  const names = request.features ?? (await checked(request, () => namesOf(binary)));
  if (names === undefined || names.length === 0) throw new CliError('CLI_USAGE', `train: ${request.name} names no features: pass --features with the model's columns, in order`);
  const stored = { symbol: market.symbol, timeframe: market.timeframe, version: 1, format, binary, checksum: '', featureNames: names, metrics: {}, trainStart: null, trainEnd: null, createdAt: new Date(0) };
  const model = await checked(request, () => decodeServableModel(stored));
  await model.release();
  planFeatures(market, names, request.markets);
  return { symbol: market.symbol, timeframe: market.timeframe, format, binary, featureNames: [...names], metrics: { imported: basename(request.path) } };
}
