/**
 * The models of the pipeline's markets, read through plv8, and the registry's serving rule run synchronously: the
 * active version (`alpha_v4.models`) verified against its checksum (`verifyChecksum`) and decoded
 * (`decodeServableModelSync`), scored by the library's `attemptSync` (`ServableModel.predictSync`); when it fails
 * (checksum, decoding, prediction, an output that is no probability) the previous version
 * (`alpha_v4.model_versions`) serves in its place, as `createModelRegistry`'s `serve` does
 * (src/pipeline/registry.ts), with the same messages.
 *
 * Unlike the registry, nothing is kept between calls (plv8 reloads the models at each call) and no model event is
 * recorded: a fallback shows in the prediction (`fallback: true`).
 *
 * @module
 */
import { describeValue } from '../../src/core/describe.js';
import { InternalError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/types.js';
import { checkMatrix } from '../../src/ensemble/mlp/inputs.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { decodeServableModelSync, type HorizonScore, type ServableModel } from '../../src/pipeline/model-codec.js';
import { attemptSync, loadVersion, modelUnavailable, type Failure, type Loaded } from '../../src/pipeline/registry-state.js';
import type { Served } from '../../src/pipeline/registry.js';
import type { Market } from '../../src/pipeline/types.js';
import type { StoredModel } from '../../src/store/ops/model-rows.js';
import { textArray } from '../../src/store/literals.js';
import { selectRows, type Plv8 } from './plv8.js';

/** A model row as read: the version, its bytes as hex and its feature names as JSON text. */
export interface ModelRow {
  readonly symbol: string;
  readonly timeframe: string;
  readonly version: number;
  readonly previous_version: number | null;
  readonly format: string;
  readonly binary_hex: string;
  readonly checksum: string;
  readonly feature_names: string;
}

/** What served a market: the registry's `Served`, and what the rows builder gave for the version that served. */
export type SyncServed<F> = Served & { readonly features: F };

const COLUMNS = "symbol, timeframe, version, format, encode(model_binary, 'hex') AS binary_hex, checksum, array_to_json(feature_names)::text AS feature_names";

/**
 * The active model rows of the markets, in one query, by `symbol timeframe`.
 *
 * @example
 * ```ts
 * readActiveModels(plv8, DEFAULT_MARKETS).get('BTC 15m')?.version // => 3
 * ```
 */
export function readActiveModels(plv8: Plv8, markets: readonly Market[]): Map<string, ModelRow> {
  const rows = selectRows<ModelRow>(
    plv8,
    `SELECT ${COLUMNS}, previous_version FROM alpha_v4.models WHERE symbol = ANY($1::text::text[]) AND timeframe = ANY($2::text::text[])`,
    [textArray(markets.map((m) => m.symbol)), textArray([...new Set(markets.map((m) => m.timeframe))])],
  );
  return new Map(rows.filter((r) => markets.some((m) => m.symbol === r.symbol && m.timeframe === r.timeframe)).map((r) => [`${r.symbol} ${r.timeframe}`, r]));
}

/** The saved version `version` of a market, or undefined. */
function readVersion(plv8: Plv8, market: Market, version: number): ModelRow | undefined {
  return selectRows<ModelRow>(
    plv8,
    `SELECT ${COLUMNS}, NULL::integer AS previous_version FROM alpha_v4.model_versions WHERE symbol = $1::text AND timeframe = $2::text AND version = $3::text::integer`,
    [market.symbol, market.timeframe, String(version)],
  )[0];
}

/** Bytes from the lowercase hex `encode(..., 'hex')` gives. */
function hexBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new InternalError(`expected the hex text of a bytea, got ${describeValue(hex)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * A model row as the store's `StoredModel` (the fields `verifyChecksum` and the decoders read).
 *
 * @example
 * ```ts
 * toStored(row).binary.length // => the bytes of model_binary
 * ```
 */
export function toStored(row: ModelRow): StoredModel {
  return {
    symbol: row.symbol,
    timeframe: row.timeframe as StoredModel['timeframe'],
    version: Number(row.version),
    format: row.format,
    binary: hexBytes(row.binary_hex),
    checksum: row.checksum,
    featureNames: JSON.parse(row.feature_names) as string[],
    metrics: {},
    trainStart: null,
    trainEnd: null,
    createdAt: new Date(0),
  };
}

/** The clock of the failures (their time is not reported: nothing is recorded in plv8). */
const clock = (): number => Date.now();

/** A version loaded as the registry loads it (checksum verified, decoded synchronously), or why not. */
const load = (row: ModelRow): Loaded => loadVersion(toStored(row), decodeServableModelSync, clock);

/** Scores a loaded version on the rows built for its feature names (the builder's errors propagate). */
function score<F>(model: ServableModel, rows: (featureNames: readonly string[]) => { X: Matrix; features: F }): { scores: readonly HorizonScore[]; features: F } | { failure: Failure } {
  const { X, features } = rows(model.featureNames);
  checkMatrix(X, 'rows(featureNames)', model.featureNames.length);
  const outcome = attemptSync(model, X, clock);
  return 'scores' in outcome ? { scores: outcome.scores, features } : outcome;
}

/**
 * Serves a market as the registry does, synchronously: no active row is `PipelineError` 'NO_ACTIVE_MODEL'; the
 * active version is loaded and scored on `rows(featureNames)`; when it fails, the previous version (read from
 * `alpha_v4.model_versions`) is loaded and scored on rows built for its own feature names, `fallback: true`; when
 * there is none or it fails too, 'MODEL_UNAVAILABLE' naming both failures. What `rows` throws (stale candles,
 * missing features) propagates unchanged.
 *
 * @example
 * ```ts
 * const served = serveSync(plv8, { symbol: 'BTC', timeframe: '15m' }, active, (names) => ({ X: matrixOf(names), features: undefined }))
 * [served.version, served.fallback] // => [2, false]
 * ```
 */
export function serveSync<F>(plv8: Plv8, market: Market, active: ModelRow | undefined, rows: (featureNames: readonly string[]) => { X: Matrix; features: F }): SyncServed<F> {
  const { symbol, timeframe } = market;
  if (active === undefined) throw new PipelineError('NO_ACTIVE_MODEL', `${symbol} ${timeframe} has no active model`, { symbol, timeframe });
  const version = Number(active.version);
  const loaded = load(active);
  const first = loaded.model ? score(loaded.model, rows) : { failure: loaded.failure! };
  if ('scores' in first) return { version, fallback: false, featureNames: loaded.model!.featureNames, scores: first.scores, features: first.features };
  const previous = active.previous_version === null ? null : Number(active.previous_version);
  const row = previous === null ? undefined : readVersion(plv8, market, previous);
  const backup = row === undefined ? undefined : load(row);
  if (previous === null || backup?.model === undefined) {
    throw modelUnavailable(market, version, first.failure, previous === null ? 'no previous version' : `previous v${previous} failed to load (${backup?.failure?.message ?? 'not found'})`);
  }
  const second = score(backup.model, rows);
  if ('failure' in second) throw modelUnavailable(market, version, first.failure, `previous v${previous} failed too (${second.failure.kind}: ${second.failure.message})`);
  return { version: previous, fallback: true, featureNames: backup.model.featureNames, scores: second.scores, features: second.features };
}
