/**
 * The model operations: save a version (numbered by the database, at most 10 kept), activate one (recording an
 * 'activated' model event), load the active and the previous model, list the versions.
 */
import { parseTimeframe } from '../../core/timeframe.js';
import type { SqlSession } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import type { StoreTimeframe } from '../schema.js';
import { positiveInt, requireSymbol } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';
import {
  checkModelInput,
  MODEL_COLUMNS,
  toActiveModel,
  toStoredModel,
  type ActiveModel,
  type ActiveRow,
  type ModelRow,
  type ModelVersionInfo,
  type ModelVersionInput,
  type SavedModel,
  type StoredModel,
} from './model-rows.js';
import { checkModelEvent, insertModelEvent } from './model-events.js';

/** The transaction-scoped advisory lock of one market's models (the one `alpha_v4.activate_model` and the insert trigger take). */
const MARKET_LOCK = `SELECT pg_advisory_xact_lock(hashtext('alpha_v4.model_versions'), hashtext($1 || '|' || $2))`;

/**
 * Activates a version inside the session's transaction, under the market's lock, and records an 'activated' model
 * event when the active version changes (re-activating the active version changes nothing, so records nothing).
 */
async function activateIn(s: SqlSession, symbol: string, timeframe: StoreTimeframe, version: number): Promise<ModelRow & ActiveRow> {
  await s.query(MARKET_LOCK, [symbol, timeframe]);
  const before = await s.query<{ version: number }>('SELECT version FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2', [symbol, timeframe]);
  const r = await s.query<ModelRow & ActiveRow>(`SELECT ${MODEL_COLUMNS}, previous_version, activated_at FROM alpha_v4.activate_model($1, $2, $3)`, [symbol, timeframe, version]);
  const previous = before.rows[0]?.version;
  if (previous !== version) {
    const detail = previous === undefined ? 'no model was active before' : `replaces version ${previous}`;
    await insertModelEvent(s, checkModelEvent({ symbol, timeframe, kind: 'activated', version, servedVersion: version, detail }));
  }
  return r.rows[0]!;
}

/** Checks the key of a model: a non-empty symbol, a timeframe of the schema. */
function checkModelKey(symbol: unknown, timeframe: unknown): void {
  requireSymbol(symbol);
  parseTimeframe(timeframe);
}

/**
 * Saves a model version, numbered by the database; an identical version (same binary, format, features, metrics
 * and window) is returned instead of saved again. With `activate` it also becomes the active model (and an
 * 'activated' model event is recorded), in the same transaction.
 *
 * @example
 * ```ts
 * const v = await saveModelVersion(ctx, { symbol: 'BTC', timeframe: '15m', format: 'onnx', binary, featureNames, activate: true })
 * [v.created, v.active] // => [true, true]
 * ```
 */
export async function saveModelVersion(ctx: StoreContext, input: ModelVersionInput): Promise<SavedModel> {
  const m = checkModelInput(input);
  return ctx.run(OPERATION_POOLS.saveModelVersion, `saveModelVersion ${m.symbol} ${m.timeframe}`, 'STORE_WRITE', async (s) => {
    await s.query(MARKET_LOCK, [m.symbol, m.timeframe]);
    const same = await s.query<ModelRow>(
      `SELECT ${MODEL_COLUMNS} FROM alpha_v4.model_versions
       WHERE symbol = $1 AND timeframe = $2 AND checksum = encode(sha256($3::bytea), 'hex') AND format = $4
         AND feature_names = $5::text[] AND metrics = $6::jsonb
         AND train_start IS NOT DISTINCT FROM $7::timestamptz AND train_end IS NOT DISTINCT FROM $8::timestamptz
       ORDER BY version DESC LIMIT 1`,
      [m.symbol, m.timeframe, m.binary, m.format, m.featureNames, m.metrics, m.trainStart, m.trainEnd],
    );
    let row = same.rows[0];
    const created = row === undefined;
    if (!row) {
      const ins = await s.query<ModelRow>(
        `INSERT INTO alpha_v4.model_versions (symbol, timeframe, version, format, model_binary, checksum, feature_names,
                                              metrics, train_start, train_end)
         VALUES ($1, $2, NULL, $4, $3::bytea, encode(sha256($3::bytea), 'hex'), $5::text[], $6::jsonb, $7::timestamptz, $8::timestamptz)
         RETURNING ${MODEL_COLUMNS}`,
        [m.symbol, m.timeframe, m.binary, m.format, m.featureNames, m.metrics, m.trainStart, m.trainEnd],
      );
      row = ins.rows[0]!;
    }
    if (m.activate) await activateIn(s, m.symbol, m.timeframe, row.version);
    const act = await s.query<{ version: number }>('SELECT version FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2', [m.symbol, m.timeframe]);
    return { ...toStoredModel(row), created, active: act.rows[0]?.version === row.version };
  });
}

/**
 * Makes a saved version the active model; the one it replaces becomes the previous one, and an 'activated' model
 * event records the change in the same transaction. Throws `STORE_NOT_FOUND` when there is no such version.
 *
 * @example
 * ```ts
 * (await activateModel(ctx, 'BTC', '15m', 1)).version // => 1
 * ```
 */
export async function activateModel(ctx: StoreContext, symbol: string, timeframe: StoreTimeframe, version: number): Promise<ActiveModel> {
  checkModelKey(symbol, timeframe);
  positiveInt(version, 'version');
  try {
    return await ctx.run(OPERATION_POOLS.activateModel, `activateModel ${symbol} ${timeframe} v${version}`, 'STORE_WRITE', async (s) => {
      return toActiveModel(await activateIn(s, symbol, timeframe, version));
    });
  } catch (e) {
    if (e instanceof StoreError && e.sqlState === 'P0002') {
      throw new StoreError('STORE_NOT_FOUND', `activateModel: ${symbol} ${timeframe} has no saved version ${version}`, { cause: e });
    }
    throw e;
  }
}

/**
 * The active model of a symbol and timeframe, or null.
 *
 * @example
 * ```ts
 * await loadActiveModel(ctx, 'BTC', '15m') // => ActiveModel | null
 * ```
 */
export async function loadActiveModel(ctx: StoreContext, symbol: string, timeframe: StoreTimeframe): Promise<ActiveModel | null> {
  checkModelKey(symbol, timeframe);
  const r = await ctx.run(OPERATION_POOLS.loadActiveModel, `loadActiveModel ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
    s.query<ModelRow & ActiveRow>(`SELECT ${MODEL_COLUMNS}, previous_version, activated_at FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2`, [symbol, timeframe]),
  );
  return r.rows[0] ? toActiveModel(r.rows[0]) : null;
}

/**
 * The model active before the current one (the rollback target), or null.
 *
 * @example
 * ```ts
 * await loadPreviousModel(ctx, 'BTC', '15m') // => StoredModel | null
 * ```
 */
export async function loadPreviousModel(ctx: StoreContext, symbol: string, timeframe: StoreTimeframe): Promise<StoredModel | null> {
  checkModelKey(symbol, timeframe);
  const r = await ctx.run(OPERATION_POOLS.loadPreviousModel, `loadPreviousModel ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
    s.query<ModelRow>(
      `SELECT ${MODEL_COLUMNS.split(', ').map((c) => `v.${c}`).join(', ')} FROM alpha_v4.models m
       JOIN alpha_v4.model_versions v ON v.symbol = m.symbol AND v.timeframe = m.timeframe AND v.version = m.previous_version
       WHERE m.symbol = $1 AND m.timeframe = $2`,
      [symbol, timeframe],
    ),
  );
  return r.rows[0] ? toStoredModel(r.rows[0]) : null;
}

/**
 * The saved versions of a symbol and timeframe, newest first, without binaries.
 *
 * @example
 * ```ts
 * (await listModelVersions(ctx, 'BTC', '15m')).map((v) => v.version) // => [3, 2, 1]
 * ```
 */
export async function listModelVersions(ctx: StoreContext, symbol: string, timeframe: StoreTimeframe): Promise<ModelVersionInfo[]> {
  checkModelKey(symbol, timeframe);
  const r = await ctx.run(OPERATION_POOLS.listModelVersions, `listModelVersions ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
    s.query<ModelRow>(
      `SELECT ${MODEL_COLUMNS.replace('model_binary', `'\\x'::bytea AS model_binary`)} FROM alpha_v4.model_versions
       WHERE symbol = $1 AND timeframe = $2 ORDER BY version DESC`,
      [symbol, timeframe],
    ),
  );
  return r.rows.map((row) => {
    const { binary: _binary, ...info } = toStoredModel(row);
    return info;
  });
}
