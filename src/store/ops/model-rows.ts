/** Model versions as the store hands them out, the rows they are read from, and the check of a version to save. */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { parseTimeframe } from '../../core/timeframe.js';
import { plainBytes } from '../bytes.js';
import { textArray, timestampText } from '../literals.js';
import type { JsonObject, StoreTimeframe } from '../schema.js';
import { optionalBoolean, optionKeys, requireSymbol, requireText, requireTime } from './checks.js';
import { jsonObjectText } from './json-check.js';

/** A model version to save. */
export interface ModelVersionInput {
  symbol: string;
  timeframe: StoreTimeframe;
  /** Serialization format, e.g. `'alpha-gbdt-binary'`, `'xgboost-json'`, `'lightgbm-text'`, `'onnx'`. */
  format: string;
  binary: Uint8Array;
  featureNames: readonly string[];
  metrics?: JsonObject;
  trainStart?: Date | number | string | null;
  trainEnd?: Date | number | string | null;
  /** Also make it the active model (in the same transaction). */
  activate?: boolean;
}

/** A stored model version. */
export interface StoredModel {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  readonly version: number;
  readonly format: string;
  readonly binary: Uint8Array;
  /** Lowercase hex sha256 of `binary`. */
  readonly checksum: string;
  readonly featureNames: readonly string[];
  readonly metrics: JsonObject;
  readonly trainStart: Date | null;
  readonly trainEnd: Date | null;
  readonly createdAt: Date;
}

/** The active model of a symbol and timeframe. */
export interface ActiveModel extends StoredModel {
  /** The version active before this one (rollback target), if any. */
  readonly previousVersion: number | null;
  readonly activatedAt: Date;
}

/** The result of `AlphaStore.saveModelVersion`. */
export interface SavedModel extends StoredModel {
  /** false when an identical version (same binary, format, features, metrics and window) existed and was returned. */
  readonly created: boolean;
  /** Whether it is the active model now. */
  readonly active: boolean;
}

/** A model version without its binary. */
export type ModelVersionInfo = Omit<StoredModel, 'binary'>;

/** The columns of a model_versions (or models) row that make a {@link StoredModel}. */
export const MODEL_COLUMNS = 'symbol, timeframe, version, format, model_binary, checksum, feature_names, metrics, train_start, train_end, created_at';

/** A model_versions row as the drivers return it. */
export interface ModelRow {
  symbol: string;
  timeframe: StoreTimeframe;
  version: number;
  format: string;
  model_binary: Uint8Array;
  checksum: string;
  feature_names: string[];
  metrics: JsonObject | string;
  train_start: Date | null;
  train_end: Date | null;
  created_at: Date;
}

/** The columns a models row adds to a {@link ModelRow}. */
export interface ActiveRow {
  previous_version: number | null;
  activated_at: Date;
}

/**
 * A row as a {@link StoredModel}: the binary as a plain `Uint8Array`, metrics parsed when the driver returns text.
 *
 * @example
 * ```ts
 * toStoredModel(row).featureNames // => row.feature_names
 * ```
 */
export function toStoredModel(r: ModelRow): StoredModel {
  return {
    symbol: r.symbol,
    timeframe: r.timeframe,
    version: Number(r.version),
    format: r.format,
    binary: plainBytes(r.model_binary),
    checksum: r.checksum,
    featureNames: r.feature_names,
    metrics: typeof r.metrics === 'string' ? (JSON.parse(r.metrics) as JsonObject) : r.metrics,
    trainStart: r.train_start,
    trainEnd: r.train_end,
    createdAt: r.created_at,
  };
}

/**
 * A models row as an {@link ActiveModel}.
 *
 * @example
 * ```ts
 * toActiveModel({ ...row, previous_version: null, activated_at: new Date() }).previousVersion // => null
 * ```
 */
export function toActiveModel(r: ModelRow & ActiveRow): ActiveModel {
  return { ...toStoredModel(r), previousVersion: r.previous_version === null ? null : Number(r.previous_version), activatedAt: r.activated_at };
}

/** A {@link ModelVersionInput} checked and encoded as query parameters. */
export interface CheckedModelInput {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  readonly format: string;
  readonly binary: Uint8Array;
  /** A `text[]` literal. */
  readonly featureNames: string;
  /** JSON text. */
  readonly metrics: string;
  readonly trainStart: string | null;
  readonly trainEnd: string | null;
  readonly activate: boolean;
}

const INPUT_KEYS = optionKeys<ModelVersionInput>({
  symbol: true,
  timeframe: true,
  format: true,
  binary: true,
  featureNames: true,
  metrics: true,
  trainStart: true,
  trainEnd: true,
  activate: true,
});

/** Largest model binary: PostgreSQL's limit of one field (1 GiB). */
const MAX_BINARY = 2 ** 30 - 1;

/** Checks a model's feature names: an array of names of at most 63 characters (PostgreSQL identifiers), each once. */
function checkModelFeatureNames(names: unknown): string[] {
  if (!Array.isArray(names)) throw new InvalidParameterError('input.featureNames', `expected an array of strings, got ${describeValue(names)}`);
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = requireText(names[i], `input.featureNames[${i}]`, 63);
    if (seen.has(name)) throw new InvalidParameterError(`input.featureNames[${i}]`, `${describeValue(name)} appears twice`);
    seen.add(name);
  }
  return [...(names as string[])];
}

/** A training-window bound as a timestamptz parameter, or null. */
function windowTime(v: unknown, name: string): string | null {
  return v === undefined || v === null ? null : timestampText(requireTime(v, name));
}

/**
 * Checks a model version to save (only the known keys; errors name the field) and encodes it as query parameters.
 *
 * @example
 * ```ts
 * checkModelInput({ symbol: 'BTC', timeframe: '15m', format: 'onnx', binary: bytes, featureNames: ['rsi_14'] }).featureNames
 * // => '{"rsi_14"}'
 * ```
 */
export function checkModelInput(input: ModelVersionInput): CheckedModelInput {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new InvalidParameterError('input', `expected a model version object, got ${describeValue(input)}`);
  checkOptions(input, INPUT_KEYS, 'input');
  const symbol = requireSymbol(input.symbol, 'input.symbol');
  const timeframe = parseTimeframe(input.timeframe, 'input.timeframe');
  const format = requireText(input.format, 'input.format');
  const binary: unknown = input.binary;
  if (!(binary instanceof Uint8Array) || binary.length === 0 || binary.length > MAX_BINARY) {
    throw new InvalidParameterError('input.binary', `expected a non-empty Uint8Array of at most 1 GiB, got ${describeValue(binary)}`);
  }
  const featureNames = checkModelFeatureNames(input.featureNames);
  const metrics = jsonObjectText(input.metrics ?? {}, 'input.metrics');
  const trainStart = windowTime(input.trainStart, 'input.trainStart');
  const trainEnd = windowTime(input.trainEnd, 'input.trainEnd');
  if (trainStart !== null && trainEnd !== null && trainStart > trainEnd) throw new InvalidParameterError('input.trainEnd', 'the training window ends before it starts');
  return {
    symbol,
    timeframe,
    format,
    binary,
    featureNames: textArray(featureNames),
    metrics,
    trainStart,
    trainEnd,
    activate: optionalBoolean(input.activate, 'input.activate', false),
  };
}
