/**
 * Predictions laid out as columns: their checks (each problem names its row), and their write inside a session's
 * transaction, by chunked `unnest` arrays or binary COPY through a staging table.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { parseTimeframe, timeframeMs } from '../../core/timeframe.js';
import { utf8Bytes } from '../bytes.js';
import { BinaryCopyWriter } from '../copy-binary.js';
import type { SqlSession } from '../drivers/driver.js';
import { float8Array, intArray, textArray, timestampArray } from '../literals.js';
import type { StoreTimeframe } from '../schema.js';
import type { BulkMethod } from './bulk.js';
import { inTimeRange, numberIn, optionKeys, positiveInt, requireSymbol, requireText, requireTime } from './checks.js';

/** One prediction for `AlphaStore.writePredictions`. */
export interface PredictionInput {
  symbol: string;
  timeframe: StoreTimeframe;
  /** Open time of the candle at whose close the prediction was made. */
  ts: Date | number | string;
  /** Candles ahead. */
  horizon: number;
  /** Open time of the predicted candle; default `ts + horizon` candles. */
  targetTs?: Date | number | string;
  /** Calibrated probability of an up move, in [0, 1]. */
  pUp: number;
  direction: -1 | 0 | 1;
  /** In [0, 1]. */
  confidence: number;
  /** Position size, >= 0 (default 0). */
  size?: number;
  modelVersion: number;
  /** Per-member probabilities, e.g. `{ gbdt: 0.61, mlp: 0.57 }`. */
  members?: Record<string, number>;
}

/** Predictions as columns, validated (times in epoch milliseconds, members as JSON text). */
export interface PredictionColumns {
  readonly n: number;
  readonly symbol: string[];
  readonly timeframe: string[];
  readonly ts: Float64Array;
  readonly targetTs: Float64Array;
  readonly horizon: Int32Array;
  readonly pUp: Float64Array;
  readonly direction: Int16Array;
  readonly confidence: Float64Array;
  readonly size: Float64Array;
  readonly modelVersion: Int32Array;
  readonly members: string[];
}

const ROW_KEYS = optionKeys<PredictionInput>({
  symbol: true,
  timeframe: true,
  ts: true,
  horizon: true,
  targetTs: true,
  pUp: true,
  direction: true,
  confidence: true,
  size: true,
  modelVersion: true,
  members: true,
});

/** Most members a prediction may name. */
const MAX_MEMBERS = 64;

/** Checks a prediction's member probabilities: a plain object of at most 64 named finite numbers; returns its JSON. */
function checkMembers(members: unknown, where: string): string {
  if (members === undefined) return '{}';
  if (members === null || typeof members !== 'object' || Array.isArray(members)) throw new InvalidParameterError(where, `expected an object of member probabilities, got ${describeValue(members)}`);
  const entries = Object.entries(members);
  if (entries.length > MAX_MEMBERS) throw new InvalidParameterError(where, `${entries.length} members, at most ${MAX_MEMBERS}`);
  for (const [k, v] of entries) {
    requireText(k, `${where} key`);
    numberIn(v, `${where}.${k}`, -Number.MAX_VALUE, Number.MAX_VALUE);
  }
  return JSON.stringify(members);
}

/** An integer epoch-millisecond time of a prediction (sub-millisecond times would differ between unnest and COPY). */
function predictionTime(value: unknown, name: string): number {
  const ms = requireTime(value, name);
  if (!Number.isInteger(ms)) throw new InvalidParameterError(name, `expected whole milliseconds, got ${describeValue(value)}`);
  return ms;
}

/** Checks one prediction (errors name `rows[i]`); returns its times, size and members' JSON. */
function checkPrediction(r: PredictionInput, i: number): { ts: number; target: number; size: number; members: string } {
  const at = (field: string) => `rows[${i}].${field}`;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new InvalidParameterError(`rows[${i}]`, `expected a prediction object, got ${describeValue(r)}`);
  checkOptions(r, ROW_KEYS, `rows[${i}]`);
  requireSymbol(r.symbol, at('symbol'));
  const tf = parseTimeframe(r.timeframe, at('timeframe'));
  const ts = predictionTime(r.ts, at('ts'));
  positiveInt(r.horizon, at('horizon'));
  let target: number;
  if (r.targetTs === undefined) {
    target = ts + r.horizon * timeframeMs(tf);
    if (!inTimeRange(target)) throw new InvalidParameterError(at('horizon'), `${r.horizon} candles after ts is past 9999-12-31`);
  } else {
    target = predictionTime(r.targetTs, at('targetTs'));
    if (target <= ts) throw new InvalidParameterError(at('targetTs'), 'must be a time after ts');
  }
  numberIn(r.pUp, at('pUp'), 0, 1);
  if (r.direction !== -1 && r.direction !== 0 && r.direction !== 1) throw new InvalidParameterError(at('direction'), `expected -1, 0 or 1, got ${describeValue(r.direction)}`);
  numberIn(r.confidence, at('confidence'), 0, 1);
  const size = r.size === undefined ? 0 : numberIn(r.size, at('size'), 0, Number.MAX_VALUE);
  positiveInt(r.modelVersion, at('modelVersion'));
  return { ts, target, size, members: checkMembers(r.members, at('members')) };
}

/**
 * Validates predictions (each problem names its row) and lays them out as columns; the same key (symbol,
 * timeframe, ts, horizon, modelVersion) twice is rejected.
 *
 * @example
 * ```ts
 * const p = predictionColumns([{ symbol: 'BTC', timeframe: '15m', ts: 0, horizon: 1, pUp: 0.6, direction: 1, confidence: 0.2, modelVersion: 1 }])
 * [p.n, p.targetTs[0]] // => [1, 900000]
 * ```
 */
export function predictionColumns(rows: readonly PredictionInput[]): PredictionColumns {
  if (!Array.isArray(rows)) throw new InvalidParameterError('rows', `expected an array of predictions, got ${describeValue(rows)}`);
  const n = rows.length;
  const out: PredictionColumns = {
    n,
    symbol: new Array<string>(n),
    timeframe: new Array<string>(n),
    ts: new Float64Array(n),
    targetTs: new Float64Array(n),
    horizon: new Int32Array(n),
    pUp: new Float64Array(n),
    direction: new Int16Array(n),
    confidence: new Float64Array(n),
    size: new Float64Array(n),
    modelVersion: new Int32Array(n),
    members: new Array<string>(n),
  };
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const { ts, target, size, members } = checkPrediction(r, i);
    const key = `${r.symbol}\u0000${r.timeframe}\u0000${ts}\u0000${r.horizon}\u0000${r.modelVersion}`;
    if (keys.has(key)) throw new InvalidParameterError(`rows[${i}]`, 'the same prediction (symbol, timeframe, ts, horizon, modelVersion) appears twice in one write');
    keys.add(key);
    out.symbol[i] = r.symbol;
    out.timeframe[i] = r.timeframe;
    out.ts[i] = ts;
    out.targetTs[i] = target;
    out.horizon[i] = r.horizon;
    out.pUp[i] = r.pUp;
    out.direction[i] = r.direction;
    out.confidence[i] = r.confidence;
    out.size[i] = size;
    out.modelVersion[i] = r.modelVersion;
    out.members[i] = members;
  }
  return out;
}

const PREDICTION_COLUMNS = ['symbol', 'timeframe', 'ts', 'target_ts', 'horizon', 'p_up', 'direction', 'confidence', 'size', 'model_version', 'members'];
const PREDICTION_VALUES = ['p_up', 'direction', 'confidence', 'size', 'members', 'target_ts'];

/** The `ON CONFLICT` clause: keep the stored prediction, or update its values where they differ. */
function predictionConflict(onConflict: 'ignore' | 'update'): string {
  if (onConflict === 'ignore') return 'ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO NOTHING';
  const set = PREDICTION_VALUES.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const distinct = `(p.${PREDICTION_VALUES.join(', p.')}) IS DISTINCT FROM (EXCLUDED.${PREDICTION_VALUES.join(', EXCLUDED.')})`;
  return `ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO UPDATE SET ${set} WHERE ${distinct}`;
}

/**
 * Writes prediction columns through a session (chunked `unnest`, or COPY into a staging table); returns the rows
 * written (inserted, or updated with `'update'`).
 *
 * @example
 * ```ts
 * await driver.transaction('inference', (s) => writePredictionColumns(s, predictionColumns(rows), 'ignore', 'unnest', 5000))
 * // => rows.length the first time, 0 on a retry
 * ```
 */
export async function writePredictionColumns(
  s: SqlSession,
  p: PredictionColumns,
  onConflict: 'ignore' | 'update',
  method: BulkMethod,
  chunkRows: number,
): Promise<number> {
  const cols = PREDICTION_COLUMNS.join(', ');
  const conflict = predictionConflict(onConflict);
  if (method === 'copy') {
    await s.query(
      `CREATE TEMP TABLE IF NOT EXISTS alpha_v4_stage_predictions AS SELECT ${cols} FROM alpha_v4.predictions WITH NO DATA`,
    );
    await s.query('TRUNCATE alpha_v4_stage_predictions');
    await s.copyFrom(`alpha_v4_stage_predictions (${cols})`, 'WITH (FORMAT binary)', predictionCopyBinary(p, chunkRows));
    const r = await s.query(`INSERT INTO alpha_v4.predictions AS p (${cols}) SELECT ${cols} FROM alpha_v4_stage_predictions ${conflict}`);
    await s.query('DROP TABLE alpha_v4_stage_predictions');
    return r.rowCount;
  }
  const text = `INSERT INTO alpha_v4.predictions AS p (${cols})
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int4[], $6::float8[], $7::int2[],
                         $8::float8[], $9::float8[], $10::int4[], $11::jsonb[]) ${conflict}`;
  let written = 0;
  for (let start = 0; start < p.n; start += chunkRows) {
    const end = Math.min(p.n, start + chunkRows);
    const r = await s.query(text, [
      textArray(p.symbol.slice(start, end)),
      textArray(p.timeframe.slice(start, end)),
      timestampArray(p.ts.subarray(start, end)),
      timestampArray(p.targetTs.subarray(start, end)),
      intArray(p.horizon.subarray(start, end)),
      float8Array(p.pUp.subarray(start, end)),
      intArray(p.direction.subarray(start, end)),
      float8Array(p.confidence.subarray(start, end)),
      float8Array(p.size.subarray(start, end)),
      intArray(p.modelVersion.subarray(start, end)),
      textArray(p.members.slice(start, end)),
    ]);
    written += r.rowCount;
  }
  return written;
}

/**
 * Binary COPY data of prediction columns (the staging table's column order), in chunks of `chunkRows` rows.
 *
 * @example
 * ```ts
 * [...predictionCopyBinary(predictionColumns(rows), 5000)].length // => Math.ceil(rows.length / 5000)
 * ```
 */
export function* predictionCopyBinary(p: PredictionColumns, chunkRows: number): Generator<Uint8Array> {
  const w = new BinaryCopyWriter(Math.min(p.n, chunkRows) * 160 + 32);
  const texts = new Map<string, Uint8Array>();
  const text = (t: string) => {
    let b = texts.get(t);
    if (!b) {
      b = utf8Bytes(t);
      if (texts.size < 10_000) texts.set(t, b);
    }
    return b;
  };
  w.header();
  for (let start = 0; start < p.n; start += chunkRows) {
    const end = Math.min(p.n, start + chunkRows);
    for (let i = start; i < end; i++) {
      w.row(11).bytes(text(p.symbol[i]!)).bytes(text(p.timeframe[i]!)).timestamptz(p.ts[i]!).timestamptz(p.targetTs[i]!).int4(p.horizon[i]!);
      w.float8(p.pUp[i]!).int2(p.direction[i]!).float8(p.confidence[i]!).float8(p.size[i]!).int4(p.modelVersion[i]!).jsonb(utf8Bytes(p.members[i]!));
    }
    if (end === p.n) w.trailer();
    yield w.take();
  }
}
