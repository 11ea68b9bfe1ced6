/**
 * The named list of hostile inputs tried against the store's public API (issue 13): wrong types, NaN and Infinity,
 * negative and out-of-range numbers, empty and huge strings, control characters, mismatched lengths, unknown keys,
 * null, corrupted backups. Each case names the call, the error code it must give and a piece of the argument's
 * name that the message must carry. hostile-suite.ts (run by adapter.test.ts) tries them all on PGlite and checks
 * that nothing was written.
 */
import {
  backupId,
  createStore,
  createSupabaseBackupSink,
  exportBackup,
  listBackups,
  parseCsv,
  parseMigrations,
  pgliteDriver,
  pruneBackups,
  restoreBackup,
  runMigrations,
  type AlphaStore,
  type BackupSink,
  type PredictionInput,
  type StorageClientLike,
} from '../../src/store/index.js';
import { createFsBackupSink, createPgliteStore, createPostgresStore, createSupabaseStore, listenForCandles, loadMigrations, pgDriver } from '../../src/store/index.node.js';

/** What a case runs against. */
export interface HostileContext {
  readonly store: AlphaStore;
  /** A filesystem sink on an empty temporary directory. */
  readonly sink: BackupSink;
  /** A filesystem sink holding one real backup of `store` (`backup`), for corruption cases. */
  readonly backups: BackupSink;
  readonly backup: string;
  /** Writes raw bytes into the `backups` sink's directory (bypassing the sink's checks). */
  corrupt(bucket: string, path: string, text: string): Promise<void>;
}

/** One hostile input: the call, the code it must give, and text the message must contain (the argument's name). */
export interface HostileCase {
  readonly name: string;
  readonly run: (ctx: HostileContext) => unknown;
  readonly code: string;
  readonly names: string;
}

const INVALID = 'INVALID_PARAMETER';
const T0 = Date.UTC(2024, 0, 1);
const HUGE = 'x'.repeat(10_000);
const onCandle = () => {};

/** A valid prediction, with `patch` over it. */
function prediction(patch: Record<string, unknown> = {}): PredictionInput {
  return { symbol: 'HOSTILE', timeframe: '15m', ts: T0, horizon: 1, pUp: 0.6, direction: 1, confidence: 0.2, modelVersion: 1, ...patch } as PredictionInput;
}

/** A valid one-row feature batch, with `patch` over it (and `frame` over its frame). */
function batch(patch: Record<string, unknown> = {}, frame: Record<string, unknown> = {}): never {
  return { symbol: 'HOSTILE', timeframe: '15m', frame: { time: [T0], names: ['rsi_14'], columns: [[50]], ...frame }, ...patch } as never;
}

/** A valid model version, with `patch` over it. */
function model(patch: Record<string, unknown> = {}): never {
  return { symbol: 'HOSTILE', timeframe: '15m', format: 'onnx', binary: new Uint8Array([1, 2, 3]), featureNames: ['rsi_14'], ...patch } as never;
}

const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

/** A Supabase client whose every Storage call fails the way a network outage does (a thrown TypeError). */
const offlineClient = {
  storage: {
    from: () => ({
      upload: () => Promise.reject(new TypeError('fetch failed')),
      download: () => Promise.reject(new TypeError('fetch failed')),
      list: () => Promise.reject(new TypeError('fetch failed')),
      remove: () => Promise.reject(new TypeError('fetch failed')),
    }),
    getBucket: () => Promise.resolve({ data: {}, error: null }),
    createBucket: () => Promise.resolve({ data: {}, error: null }),
  },
} as unknown as StorageClientLike;

const c = (name: string, names: string, run: HostileCase['run'], code = INVALID): HostileCase => ({ name, run, code, names });

/** Every hostile input tried, by area. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  // readFeatures: times, symbols, timeframes, names, the query object.
  c('readFeatures from 1e20 (past the Date range)', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: 1e20 })),
  c('readFeatures from -1e20', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: -1e20 })),
  c('readFeatures from 8.64e15 + 1 ms', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: 8.64e15 + 1 })),
  c('readFeatures from the year 275760 as a string', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: '+275760-09-13T00:00:00.000Z' })),
  c('readFeatures from the year 10000', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: Date.UTC(10000, 0, 1) })),
  c('readFeatures from year 0 (PostgreSQL has no year 0)', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: '0000-06-01T00:00:00Z' })),
  c('readFeatures to NaN', 'to', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', to: Number.NaN })),
  c('readFeatures from Infinity', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: Infinity })),
  c('readFeatures from an unparseable string', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: 'yesterday' })),
  c('readFeatures from a 10,000-character string', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: HUGE })),
  c('readFeatures from an Invalid Date', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: new Date(Number.NaN) })),
  c('readFeatures from an object', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: {} as never })),
  c('readFeatures from null', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: null as never })),
  c('readFeatures from true', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: true as never })),
  c('readFeatures from a bigint', 'from', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', from: 10n as never })),
  c('readFeatures a 10,000-character symbol', 'symbol', ({ store }) => store.readFeatures({ symbol: HUGE, timeframe: '15m' })),
  c('readFeatures an empty symbol', 'symbol', ({ store }) => store.readFeatures({ symbol: '', timeframe: '15m' })),
  c('readFeatures a symbol with NUL', 'symbol', ({ store }) => store.readFeatures({ symbol: 'BTC\u0000', timeframe: '15m' })),
  c('readFeatures a symbol with an unpaired surrogate', 'symbol', ({ store }) => store.readFeatures({ symbol: 'BTC\ud800', timeframe: '15m' })),
  c('readFeatures a symbol with a newline', 'symbol', ({ store }) => store.readFeatures({ symbol: 'BTC\nETH', timeframe: '15m' })),
  c('readFeatures a symbol with a leading blank', 'symbol', ({ store }) => store.readFeatures({ symbol: ' BTC', timeframe: '15m' })),
  c('readFeatures a numeric symbol', 'symbol', ({ store }) => store.readFeatures({ symbol: 42 as never, timeframe: '15m' })),
  c('readFeatures a null symbol', 'symbol', ({ store }) => store.readFeatures({ symbol: null as never, timeframe: '15m' })),
  c('readFeatures timeframe 4h (no such feature store)', 'timeframe', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '4h' as never })),
  c('readFeatures a 10,000-character timeframe', 'timeframe', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: HUGE as never })),
  c('readFeatures names as a string', 'names', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', names: 'rsi_14' as never })),
  c('readFeatures names with a number', 'names', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', names: [42] as never })),
  c('readFeatures names twice', 'names', ({ store }) => store.readFeatures({ symbol: 'BTC', timeframe: '15m', names: ['rsi_14', 'rsi_14'] })),
  c('readFeatures a misspelt query key', 'query.symbl', ({ store }) => store.readFeatures({ symbl: 'BTC', timeframe: '15m' } as never)),
  c('readFeatures a null query', 'query', ({ store }) => store.readFeatures(null as never)),
  c('readFeatures no query', 'query', ({ store }) => store.readFeatures(undefined as never)),
  c('readFeatures an array as the query', 'query', ({ store }) => store.readFeatures([] as never)),

  // readCandles.
  c('readCandles latest 0', 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: 0 })),
  c('readCandles latest -5', 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: -5 })),
  c('readCandles latest 1.5', 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: 1.5 })),
  c('readCandles latest 1e300 (was LIMIT 1e+300, a syntax error)', 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: 1e300 })),
  c('readCandles latest NaN', 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: Number.NaN })),
  c("readCandles latest '10'", 'latest', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', latest: '10' as never })),
  c("readCandles source 'archive'", 'source', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', source: 'archive' as never })),
  c('readCandles an unknown key', 'query.limit', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', limit: 5 } as never)),
  c('readCandles to 1e20', 'to', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '15m', to: 1e20 })),
  c('readCandles timeframe 2h', 'timeframe', ({ store }) => store.readCandles({ symbol: 'BTC', timeframe: '2h' as never })),
  c('readCandles a 10,000-character symbol', 'symbol', ({ store }) => store.readCandles({ symbol: HUGE, timeframe: '15m' })),

  // upsertFeatures: batches, frames, options.
  c('upsertFeatures a null batch', 'batches[0]', ({ store }) => store.upsertFeatures(null as never)),
  c('upsertFeatures an array holding null', 'batches[1]', ({ store }) => store.upsertFeatures([batch(), null as never])),
  c('upsertFeatures a NaN time', 'frame.time[0]', ({ store }) => store.upsertFeatures(batch({}, { time: [Number.NaN] }))),
  c('upsertFeatures a time of 1e20', 'frame.time[0]', ({ store }) => store.upsertFeatures(batch({}, { time: [1e20] }))),
  c('upsertFeatures a fractional time', 'frame.time[0]', ({ store }) => store.upsertFeatures(batch({}, { time: [T0 + 0.5] }))),
  c('upsertFeatures a string time', 'frame.time[0]', ({ store }) => store.upsertFeatures(batch({}, { time: ['2024-01-01'] }))),
  c('upsertFeatures an Infinity value', 'frame.columns[0][0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [[Infinity]] }))),
  c('upsertFeatures a -Infinity value', 'frame.columns[0][0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [new Float64Array([-Infinity])] }))),
  c('upsertFeatures a string value', 'frame.columns[0][0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [['50']] }))),
  c('upsertFeatures a null value', 'frame.columns[0][0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [[null]] }))),
  c('upsertFeatures a BigInt64Array column', 'frame.columns[0][0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [new BigInt64Array([1n])] }))),
  c('upsertFeatures names as a string', 'frame.names', ({ store }) => store.upsertFeatures(batch({}, { names: 'rsi_14' }))),
  c('upsertFeatures columns not an array', 'frame.columns', ({ store }) => store.upsertFeatures(batch({}, { columns: 'x' }))),
  c('upsertFeatures a column that is a number', 'frame.columns[0]', ({ store }) => store.upsertFeatures(batch({}, { columns: [50] }))),
  c('upsertFeatures time not an array', 'frame.time', ({ store }) => store.upsertFeatures(batch({}, { time: T0 }))),
  c('upsertFeatures a column shorter than time', 'frame.columns[0]', ({ store }) => store.upsertFeatures(batch({}, { time: [T0, T0 + 900_000], columns: [[1]] }))),
  c('upsertFeatures more names than columns', 'frame.columns', ({ store }) => store.upsertFeatures(batch({}, { names: ['rsi_14', 'atr_14'] }))),
  c('upsertFeatures no frame', 'frame', ({ store }) => store.upsertFeatures(batch({ frame: undefined }))),
  c('upsertFeatures a misspelt batch key', 'batches[0].symbols', ({ store }) => store.upsertFeatures(batch({ symbols: ['BTC'] }))),
  c('upsertFeatures a 10,000-character symbol', 'batches[0].symbol', ({ store }) => store.upsertFeatures(batch({ symbol: HUGE }))),
  c('upsertFeatures timeframe 4h', 'batches[0].timeframe', ({ store }) => store.upsertFeatures(batch({ timeframe: '4h' }))),
  c('upsertFeatures an unknown option', 'options.chunkRows', ({ store }) => store.upsertFeatures(batch(), { chunkRows: 10 } as never)),
  c("upsertFeatures method 'insert'", 'method', ({ store }) => store.upsertFeatures(batch(), { method: 'insert' as never })),
  c("upsertFeatures ensurePartitions 'yes'", 'options.ensurePartitions', ({ store }) => store.upsertFeatures(batch(), { ensurePartitions: 'yes' as never })),
  c('upsertFeatures onProgress 42', 'options.onProgress', ({ store }) => store.upsertFeatures(batch(), { onProgress: 42 as never })),
  c('upsertFeatures null options', 'options', ({ store }) => store.upsertFeatures(batch(), null as never)),
  c('upsertFeatures a good batch then a bad one (nothing written)', 'batches[1]', ({ store }) => store.upsertFeatures([batch({ symbol: 'HOSTILE_OK' }), batch({}, { columns: [[Infinity]] })])),

  // writePredictions: every field of a row, the rows, the options.
  c('writePredictions horizon 3e9 (wrapped to a negative int4)', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ horizon: 3e9 })])),
  c('writePredictions horizon 2^31', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ horizon: 2 ** 31 })])),
  c('writePredictions horizon -1', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ horizon: -1 })])),
  c('writePredictions horizon 1.5', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ horizon: 1.5 })])),
  c('writePredictions horizon NaN', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ horizon: Number.NaN })])),
  c('writePredictions a horizon whose target is past 9999', 'rows[0].horizon', ({ store }) => store.writePredictions([prediction({ timeframe: '1d', horizon: 2e9 })])),
  c('writePredictions modelVersion 2^31', 'rows[0].modelVersion', ({ store }) => store.writePredictions([prediction({ modelVersion: 2 ** 31 })])),
  c('writePredictions modelVersion 0', 'rows[0].modelVersion', ({ store }) => store.writePredictions([prediction({ modelVersion: 0 })])),
  c('writePredictions pUp NaN', 'rows[0].pUp', ({ store }) => store.writePredictions([prediction({ pUp: Number.NaN })])),
  c("writePredictions pUp '0.5'", 'rows[0].pUp', ({ store }) => store.writePredictions([prediction({ pUp: '0.5' })])),
  c('writePredictions pUp true', 'rows[0].pUp', ({ store }) => store.writePredictions([prediction({ pUp: true })])),
  c('writePredictions pUp 1.5', 'rows[0].pUp', ({ store }) => store.writePredictions([prediction({ pUp: 1.5 })])),
  c('writePredictions confidence Infinity', 'rows[0].confidence', ({ store }) => store.writePredictions([prediction({ confidence: Infinity })])),
  c('writePredictions size Infinity', 'rows[0].size', ({ store }) => store.writePredictions([prediction({ size: Infinity })])),
  c('writePredictions size -1', 'rows[0].size', ({ store }) => store.writePredictions([prediction({ size: -1 })])),
  c('writePredictions size null', 'rows[0].size', ({ store }) => store.writePredictions([prediction({ size: null })])),
  c('writePredictions direction 2', 'rows[0].direction', ({ store }) => store.writePredictions([prediction({ direction: 2 })])),
  c("writePredictions direction '1'", 'rows[0].direction', ({ store }) => store.writePredictions([prediction({ direction: '1' })])),
  c('writePredictions ts 1e20', 'rows[0].ts', ({ store }) => store.writePredictions([prediction({ ts: 1e20 })])),
  c('writePredictions ts unparseable', 'rows[0].ts', ({ store }) => store.writePredictions([prediction({ ts: 'not a time' })])),
  c('writePredictions ts fractional', 'rows[0].ts', ({ store }) => store.writePredictions([prediction({ ts: T0 + 0.5 })])),
  c('writePredictions targetTs before ts', 'rows[0].targetTs', ({ store }) => store.writePredictions([prediction({ targetTs: T0 - 1 })])),
  c('writePredictions targetTs 1e20', 'rows[0].targetTs', ({ store }) => store.writePredictions([prediction({ targetTs: 1e20 })])),
  c('writePredictions a NaN member', 'rows[0].members.gbdt', ({ store }) => store.writePredictions([prediction({ members: { gbdt: Number.NaN } })])),
  c('writePredictions 100 members', 'rows[0].members', ({ store }) => store.writePredictions([prediction({ members: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`m${i}`, 0.5])) })])),
  c('writePredictions members as an array', 'rows[0].members', ({ store }) => store.writePredictions([prediction({ members: [0.5] })])),
  c('writePredictions a 10,000-character member name', 'rows[0].members', ({ store }) => store.writePredictions([prediction({ members: { [HUGE]: 0.5 } })])),
  c('writePredictions members null', 'rows[0].members', ({ store }) => store.writePredictions([prediction({ members: null })])),
  c('writePredictions a misspelt row key', 'rows[0].p_up', ({ store }) => store.writePredictions([prediction({ p_up: 0.5 })])),
  c('writePredictions rows as an object', 'rows', ({ store }) => store.writePredictions({ 0: prediction() } as never)),
  c('writePredictions a null row', 'rows[1]', ({ store }) => store.writePredictions([prediction(), null as never])),
  c('writePredictions timeframe 2h', 'rows[0].timeframe', ({ store }) => store.writePredictions([prediction({ timeframe: '2h' })])),
  c('writePredictions a 10,000-character symbol', 'rows[0].symbol', ({ store }) => store.writePredictions([prediction({ symbol: HUGE })])),
  c("writePredictions onConflict 'replace'", 'options.onConflict', ({ store }) => store.writePredictions([prediction()], { onConflict: 'replace' as never })),
  c('writePredictions an unknown option', 'options.conflict', ({ store }) => store.writePredictions([prediction()], { conflict: 'update' } as never)),
  c("writePredictions method 'bulk' (was silently unnest)", 'options.method', ({ store }) => store.writePredictions([prediction()], { method: 'bulk' as never })),
  c('writePredictions 1,000 good rows then a bad one (nothing written)', 'rows[1000].horizon', ({ store }) =>
    store.writePredictions([...Array.from({ length: 1000 }, (_, i) => prediction({ ts: T0 + i * 900_000 })), prediction({ horizon: 3e9 })]),
  ),

  // saveModelVersion and the other model operations.
  c('saveModelVersion binary as an array', 'input.binary', ({ store }) => store.saveModelVersion(model({ binary: [1, 2, 3] }))),
  c('saveModelVersion an empty binary', 'input.binary', ({ store }) => store.saveModelVersion(model({ binary: new Uint8Array(0) }))),
  c('saveModelVersion binary as an ArrayBuffer', 'input.binary', ({ store }) => store.saveModelVersion(model({ binary: new ArrayBuffer(3) }))),
  c('saveModelVersion an empty format', 'input.format', ({ store }) => store.saveModelVersion(model({ format: '' }))),
  c('saveModelVersion a 10,000-character format', 'input.format', ({ store }) => store.saveModelVersion(model({ format: HUGE }))),
  c('saveModelVersion featureNames as a string', 'input.featureNames', ({ store }) => store.saveModelVersion(model({ featureNames: 'rsi_14' }))),
  c('saveModelVersion a numeric feature name', 'input.featureNames[1]', ({ store }) => store.saveModelVersion(model({ featureNames: ['rsi_14', 7] }))),
  c('saveModelVersion a 64-character feature name', 'input.featureNames[0]', ({ store }) => store.saveModelVersion(model({ featureNames: ['f'.repeat(64)] }))),
  c('saveModelVersion a feature name twice', 'input.featureNames[1]', ({ store }) => store.saveModelVersion(model({ featureNames: ['rsi_14', 'rsi_14'] }))),
  c('saveModelVersion a NaN metric (JSON would store null)', 'input.metrics.auc', ({ store }) => store.saveModelVersion(model({ metrics: { auc: Number.NaN } }))),
  c('saveModelVersion an Infinity metric, nested', 'input.metrics.folds[1].loss', ({ store }) => store.saveModelVersion(model({ metrics: { folds: [{ loss: 1 }, { loss: Infinity }] } }))),
  c('saveModelVersion a BigInt metric (JSON.stringify throws)', 'input.metrics.n', ({ store }) => store.saveModelVersion(model({ metrics: { n: 10n } }))),
  c('saveModelVersion circular metrics', 'input.metrics', ({ store }) => store.saveModelVersion(model({ metrics: circular }))),
  c('saveModelVersion a Map in metrics', 'input.metrics.m', ({ store }) => store.saveModelVersion(model({ metrics: { m: new Map([[1, 2]]) } }))),
  c('saveModelVersion a typed array in metrics', 'input.metrics.t', ({ store }) => store.saveModelVersion(model({ metrics: { t: new Float64Array(3) } }))),
  c('saveModelVersion a hole in a metrics array', 'input.metrics.a[1]', ({ store }) => store.saveModelVersion(model({ metrics: { a: [1, , 3] } }))),
  c('saveModelVersion metrics as an array', 'input.metrics', ({ store }) => store.saveModelVersion(model({ metrics: [1, 2] }))),
  c('saveModelVersion a NUL in a metrics string (jsonb refuses it)', 'input.metrics.note', ({ store }) => store.saveModelVersion(model({ metrics: { note: 'a\u0000b' } }))),
  c('saveModelVersion metrics nested 100 deep', 'input.metrics', ({ store }) => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) deep = { d: deep };
    return store.saveModelVersion(model({ metrics: deep }));
  }),
  c('saveModelVersion trainStart 1e20', 'input.trainStart', ({ store }) => store.saveModelVersion(model({ trainStart: 1e20 }))),
  c('saveModelVersion a window ending before it starts', 'input.trainEnd', ({ store }) => store.saveModelVersion(model({ trainStart: T0 + 1, trainEnd: T0 }))),
  c("saveModelVersion activate 'yes'", 'input.activate', ({ store }) => store.saveModelVersion(model({ activate: 'yes' }))),
  c('saveModelVersion an unknown key', 'input.version', ({ store }) => store.saveModelVersion(model({ version: 3 }))),
  c('saveModelVersion a null input', 'input', ({ store }) => store.saveModelVersion(null as never)),
  c('saveModelVersion timeframe 2h', 'input.timeframe', ({ store }) => store.saveModelVersion(model({ timeframe: '2h' }))),
  c('saveModelVersion a 10,000-character symbol', 'input.symbol', ({ store }) => store.saveModelVersion(model({ symbol: HUGE }))),
  c('activateModel version 3e9', 'version', ({ store }) => store.activateModel('BTC', '15m', 3e9)),
  c('activateModel version -1', 'version', ({ store }) => store.activateModel('BTC', '15m', -1)),
  c("activateModel version '1'", 'version', ({ store }) => store.activateModel('BTC', '15m', '1' as never)),
  c('loadActiveModel a 10,000-character symbol', 'symbol', ({ store }) => store.loadActiveModel(HUGE, '15m')),
  c('loadPreviousModel a null timeframe', 'timeframe', ({ store }) => store.loadPreviousModel('BTC', null as never)),
  c('listModelVersions an object as the symbol', 'symbol', ({ store }) => store.listModelVersions({} as never, '15m')),

  // Maintenance and metrics.
  c('refreshViews views as a string', 'options.views', ({ store }) => store.refreshViews({ views: 'mv_accuracy_7d' as never })),
  c('refreshViews an unknown view', 'options.views[0]', ({ store }) => store.refreshViews({ views: ['mv_nope' as never] })),
  c("refreshViews concurrently 'false'", 'options.concurrently', ({ store }) => store.refreshViews({ concurrently: 'false' as never })),
  c('refreshViews an unknown option', 'options.view', ({ store }) => store.refreshViews({ view: 'mv_accuracy_7d' } as never)),
  c("retention '-5 days' (would archive the future)", 'options.retention', ({ store }) => store.retention({ retention: '-5 days' })),
  c('retention SQL in the interval', 'options.retention', ({ store }) => store.retention({ retention: "1 day'; DROP TABLE alpha_v4.models; --" })),
  c('retention a 10,000-character interval', 'options.retention', ({ store }) => store.retention({ retention: `${HUGE} days` })),
  c('retention a number as the interval', 'options.retention', ({ store }) => store.retention({ retention: 90 as never })),
  c('retention now 1e20', 'options.now', ({ store }) => store.retention({ now: 1e20 })),
  c('retention an unknown option', 'options.days', ({ store }) => store.retention({ days: 90 } as never)),
  c('resolvePredictions now NaN', 'now', ({ store }) => store.resolvePredictions(Number.NaN)),
  c("runDueJobs now 'tomorrow'", 'now', ({ store }) => store.runDueJobs('tomorrow')),
  c('runDueJobs now 1e20', 'now', ({ store }) => store.runDueJobs(1e20)),
  c('runJob a 10,000-character name', 'name', ({ store }) => store.runJob(HUGE as never)),
  c('runJob SQL as the name', 'name', ({ store }) => store.runJob("x'; DROP TABLE alpha_v4.jobs; --" as never)),
  c('runJob a null name', 'name', ({ store }) => store.runJob(null as never)),
  c('readMetrics horizon 3e9', 'query.horizon', ({ store }) => store.readMetrics({ horizon: 3e9 })),
  c('readMetrics modelVersion -1', 'query.modelVersion', ({ store }) => store.readMetrics({ modelVersion: -1 })),
  c('readMetrics a 10,000-character symbol', 'query.symbol', ({ store }) => store.readMetrics({ symbol: HUGE })),
  c('readMetrics timeframe 2h', 'query.timeframe', ({ store }) => store.readMetrics({ timeframe: '2h' as never })),
  c('readMetrics an unknown key', 'query.model', ({ store }) => store.readMetrics({ model: 1 } as never)),
  c('migrate an unknown option', 'options.force', ({ store }) => store.migrate({ force: true } as never)),
  c('migrate migrations as a string', 'migrations', ({ store }) => store.migrate({ migrations: 'x' as never }), 'STORE_MIGRATION'),
  c('migrate a null migration', 'migration', ({ store }) => store.migrate({ migrations: [null as never] }), 'STORE_MIGRATION'),
  c("migrate onChanged 'sometimes'", 'onChanged', ({ store }) => store.migrate({ onChanged: 'sometimes' as never }), 'STORE_CONFIG'),

  // Factories and drivers: options checked before anything is opened.
  c('createStore an unknown option', 'options.bogus', ({ store }) => createStore(store.driver, { bogus: 1 } as never)),
  c('createStore featureChunkRows 0', 'options.featureChunkRows', ({ store }) => createStore(store.driver, { featureChunkRows: 0 })),
  c('createStore predictionChunkRows 3e9', 'options.predictionChunkRows', ({ store }) => createStore(store.driver, { predictionChunkRows: 3e9 })),
  c('createStore a source for timeframe 1x', 'sources.live.1x', ({ store }) => createStore(store.driver, { sources: { live: { '1x': 'a.b' } as never } })),
  c('createStore SQL as a source table', 'sources.live', ({ store }) => createStore(store.driver, { sources: { live: { '15m': 'x; DROP TABLE y' } } }), 'STORE_CONFIG'),
  c('createStore a 64-character source identifier', 'sources.live', ({ store }) => createStore(store.driver, { sources: { live: { '15m': `s.${'t'.repeat(64)}` } } }), 'STORE_CONFIG'),
  c('createStore an unknown source group', 'sources.archive', ({ store }) => createStore(store.driver, { sources: { archive: {} } as never })),
  c('createStore a null driver', 'driver', () => createStore(null as never)),
  c('createStore an empty object as the driver', 'driver', () => createStore({} as never)),
  c('createStore migrations as a string', 'options.migrations', ({ store }) => createStore(store.driver, { migrations: 'x' as never })),
  c('createPgliteStore an unknown option (before PGlite starts)', 'options.bogus', () => createPgliteStore(undefined, { bogus: 1 } as never)),
  c('createPgliteStore a number as the directory', 'dir', () => createPgliteStore(42 as never)),
  c('createPgliteStore a fake pglite', 'options.pglite', () => createPgliteStore(undefined, { pglite: {} as never })),
  c('createPostgresStore an empty connection string', 'connection string', () => createPostgresStore(''), 'STORE_CONFIG'),
  c('createPostgresStore an unknown option (before connecting)', 'options.bogus', () => createPostgresStore('postgresql://127.0.0.1:1/none', { bogus: 1 } as never)),
  c('createPostgresStore pool settings with a pool', 'options.pool', () => createPostgresStore({ connect: () => {} } as never, { pool: { max: 1 } }), 'STORE_CONFIG'),
  c('createSupabaseStore an unknown option (before any pool)', 'options.bogus', () => createSupabaseStore({ connectionString: 'postgresql://127.0.0.1:1/none', bogus: 1 } as never)),
  c('createSupabaseStore a pool of 1e9 connections', 'pools.inference', () => createSupabaseStore({ connectionString: 'postgresql://127.0.0.1:1/none', pools: { inference: 1e9 } }), 'STORE_CONFIG'),
  c('createSupabaseStore no connection string', 'connectionString', () => createSupabaseStore(null as never), 'STORE_CONFIG'),
  c('pgliteDriver an object that is not PGlite', 'pglite', () => pgliteDriver({} as never, true)),
  c("pgliteDriver owns 'yes'", 'owns', ({ store }) => pgliteDriver(store.driver.pglite!, 'yes' as never)),
  c('pgDriver null pools', 'pools', () => pgDriver(null as never, true)),
  c('pgDriver a missing pool', 'pools.training', () => pgDriver({ features: { connect() {} } } as never, true)),
  c('loadMigrations a missing directory', 'loadMigrations', () => loadMigrations('/nonexistent/alpha-v4'), 'STORE_CONFIG'),
  c('loadMigrations a number as the directory', 'dir', () => loadMigrations(42 as never)),
  c('parseMigrations a string', 'migration', () => parseMigrations('x' as never), 'STORE_MIGRATION'),
  c('parseMigrations a 10,000-character file name', 'migration file', () => parseMigrations([{ file: `${HUGE}.sql`, sql: '' }]), 'STORE_MIGRATION'),
  c('parseMigrations SQL that is not a string', 'migration', () => parseMigrations([{ file: '1_a.sql', sql: 42 as never }]), 'STORE_MIGRATION'),
  c('runMigrations migrations as a string', 'migrations', ({ store }) => runMigrations(store.driver, 'x' as never), 'STORE_MIGRATION'),

  // Backups: options, sinks, ids, corrupted objects.
  c('exportBackup an unknown option', 'options.bogus', ({ store, sink }) => exportBackup(store, sink, { bogus: 1 } as never)),
  c('exportBackup rowsPerFile 0', 'options.rowsPerFile', ({ store, sink }) => exportBackup(store, sink, { rowsPerFile: 0 })),
  c('exportBackup rowsPerFile 1e300 (was FETCH 1e+300)', 'options.rowsPerFile', ({ store, sink }) => exportBackup(store, sink, { rowsPerFile: 1e300 })),
  c('exportBackup retentionDays NaN', 'options.retentionDays', ({ store, sink }) => exportBackup(store, sink, { retentionDays: Number.NaN })),
  c('exportBackup retentionDays -1', 'options.retentionDays', ({ store, sink }) => exportBackup(store, sink, { retentionDays: -1 })),
  c("exportBackup now 'today'", 'options.now', ({ store, sink }) => exportBackup(store, sink, { now: 'today' as never })),
  c('exportBackup now in the year 275760 (an unreadable id)', 'options.now', ({ store, sink }) => exportBackup(store, sink, { now: new Date(8.64e15) })),
  c('exportBackup an object that is not a sink', 'sink', ({ store }) => exportBackup(store, {} as never)),
  c('exportBackup an object that is not a store', 'store', ({ sink }) => exportBackup({} as never, sink)),
  c('restoreBackup chunkRows 0 (was an endless loop)', 'options.chunkRows', ({ store, backups }) => restoreBackup(store, backups, { chunkRows: 0 })),
  c('restoreBackup chunkRows NaN (restored nothing, silently)', 'options.chunkRows', ({ store, backups }) => restoreBackup(store, backups, { chunkRows: Number.NaN })),
  c("restoreBackup mode 'overwrite'", 'options.mode', ({ store, backups }) => restoreBackup(store, backups, { mode: 'overwrite' as never })),
  c('restoreBackup a path as the id', 'options.id', ({ store, backups }) => restoreBackup(store, backups, { id: '../../etc' })),
  c('restoreBackup an unknown option', 'options.replace', ({ store, backups }) => restoreBackup(store, backups, { replace: true } as never)),
  c('restoreBackup a manifest that is not JSON', 'manifest.json', async ({ store, backups, backup, corrupt }) => {
    await corrupt('model-backups', `${backup}/manifest.json`, '{"format": "alpha-v4-back');
    return restoreBackup(store, backups, { id: backup });
  }, 'STORE_BACKUP'),
  c('restoreBackup a manifest whose tables are not arrays', 'manifest.json', async ({ store, backups, backup, corrupt }) => {
    await corrupt('model-backups', `${backup}/manifest.json`, JSON.stringify({ format: 'alpha-v4-backup', formatVersion: 1, id: backup, models: { versions: `${backup}/model_versions.json`, active: `${backup}/models.json` }, tables: { 'alpha_v4.predictions': 'part-00000.csv' } }));
    return restoreBackup(store, backups, { id: backup });
  }, 'STORE_BACKUP'),
  c('restoreBackup a CSV row with a missing field', 'fields', async ({ store, backups, backup, corrupt }) => {
    const path = `${backup}/predictions/part-00000.csv`;
    await corrupt('predictions-backup', path, 'symbol,timeframe\nBTC\n');
    await corrupt('model-backups', `${backup}/manifest.json`, JSON.stringify({ format: 'alpha-v4-backup', formatVersion: 1, id: backup, models: { versions: `${backup}/model_versions.json`, active: `${backup}/models.json`, binaries: 0 }, tables: { 'alpha_v4.predictions': [{ bucket: 'predictions-backup', path, rows: 1 }] } }));
    return restoreBackup(store, backups, { id: backup });
  }, 'STORE_BACKUP'),
  c('restoreBackup model metadata that is not an array', 'model_versions.json', async ({ store, backups, backup, corrupt }) => {
    await corrupt('model-backups', `${backup}/manifest.json`, JSON.stringify({ format: 'alpha-v4-backup', formatVersion: 1, id: backup, models: { versions: `${backup}/model_versions.json`, active: `${backup}/models.json`, binaries: 0 }, tables: {} }));
    await corrupt('model-backups', `${backup}/model_versions.json`, '{"binary": 1}');
    return restoreBackup(store, backups, { id: backup });
  }, 'STORE_BACKUP'),
  c('pruneBackups retentionDays NaN (would delete every backup)', 'options.retentionDays', ({ backups }) => pruneBackups(backups, { retentionDays: Number.NaN })),
  c('pruneBackups keep as a string', 'options.keep', ({ backups }) => pruneBackups(backups, { keep: 'x' as never })),
  c('pruneBackups an unknown option', 'options.days', ({ backups }) => pruneBackups(backups, { days: 1 } as never)),
  c('listBackups a null sink', 'sink', () => listBackups(null as never)),
  c('backupId an Invalid Date', 'at', () => backupId(new Date(Number.NaN))),
  c('backupId a string', 'at', () => backupId('2020' as never)),
  c('parseCsv a number', 'text', () => parseCsv(42 as never)),
  c('fs sink put a path leaving the bucket', 'path', ({ sink }) => sink.put('model-backups', '../escape.json', '{}')),
  c('fs sink put a path with NUL', 'path', ({ sink }) => sink.put('model-backups', 'a\u0000b', '{}')),
  c('fs sink put a 10,000-character path', 'path', ({ sink }) => sink.put('model-backups', HUGE, '{}')),
  c('fs sink put an absolute path', 'path', ({ sink }) => sink.put('model-backups', '/etc/passwd', '{}')),
  c('fs sink put an unknown bucket', 'bucket', ({ sink }) => sink.put('other' as never, 'a.json', '{}')),
  c('fs sink put a number as data', 'data', ({ sink }) => sink.put('model-backups', 'a.json', 42 as never)),
  c('fs sink get a missing object', 'missing.json', ({ sink }) => sink.get('model-backups', 'missing.json'), 'STORE_BACKUP'),
  c('fs sink remove a string instead of paths', 'paths', ({ sink }) => sink.remove('model-backups', 'a.json' as never)),
  c('createFsBackupSink a number', 'dir', () => createFsBackupSink(42 as never)),
  c('createSupabaseBackupSink an object without storage', 'client', () => createSupabaseBackupSink({} as never)),
  c('createSupabaseBackupSink a misspelt option', 'options.createBucket', () => createSupabaseBackupSink(offlineClient, { createBucket: false } as never)),
  c("createSupabaseBackupSink get a '..' path", 'path', () => createSupabaseBackupSink(offlineClient).get('model-backups', 'a/../b')),
  c('Supabase sink whose client throws (network down)', 'Supabase Storage', () => createSupabaseBackupSink(offlineClient).get('model-backups', 'a.json'), 'STORE_BACKUP'),

  // The LISTEN helper.
  c('listenForCandles without onCandle', 'options.onCandle', ({ store }) => listenForCandles(store, {} as never)),
  c('listenForCandles an unknown option', 'options.onCandel', ({ store }) => listenForCandles(store, { onCandle, onCandel: onCandle } as never)),
  c('listenForCandles retryDelayMs 0 (a busy reconnect loop)', 'options.retryDelayMs', ({ store }) => listenForCandles(store, { onCandle, retryDelayMs: 0 })),
  c('listenForCandles timeframe 4h', 'options.timeframe', ({ store }) => listenForCandles(store, { onCandle, timeframe: '4h' as never })),
  c('listenForCandles a 64-character channel (PostgreSQL would truncate it)', 'channel', ({ store }) => listenForCandles(store, { onCandle, channel: 'c'.repeat(64) }), 'STORE_CONFIG'),
  c('listenForCandles a null target', 'target', () => listenForCandles(null as never, { onCandle })),
  c("listenForCandles onError 'log'", 'options.onError', ({ store }) => listenForCandles(store, { onCandle, onError: 'log' as never })),
  c('listenForCandles no options', 'options', ({ store }) => listenForCandles(store, undefined as never)),
];
