/**
 * The commands of `alpha-v4`: each one's spec (options, help) and a loader of its implementation, imported only
 * when it runs (so that `--help` and usage errors load nothing else).
 *
 * @module
 */
import type { Command } from '../context.js';
import { DEFAULT_REPORT_FILE, FEATURES_OPTION, MARKET_OPTIONS, MARKETS_OPTION, NOW_OPTION, RANGE_OPTIONS, SOURCE_OPTION } from './options.js';

/** `alpha-v4 migrate`. */
const migrate: Command = {
  name: 'migrate',
  summary: 'Apply the alpha_v4 migrations (idempotent: migrations already applied are skipped).',
  usage: '[options]',
  details: 'Each migration runs in its own transaction and is recorded in alpha_v4_meta.schema_migrations.',
  options: {},
  load: () => import('./migrate.js'),
};

/** `alpha-v4 ingest`. */
const ingest: Command = {
  name: 'ingest',
  summary: 'Validate candles from a CSV or JSON file and write them into the candle tables (upsert, one transaction).',
  usage: '<file.csv|file.json> --symbol <symbol> --timeframe <tf> [options]',
  details: [
    'CSV: a header naming a time column (ts, time, timestamp or open_time) and open, high, low, close, volume.',
    'JSON: an array of rows (objects with those keys, or [t, o, h, l, c, v] arrays) or { "candles": [...] }.',
    'Times: ISO 8601, PostgreSQL timestamptz text or epoch numbers (--time-unit). Gaps are allowed.',
    'A bad file or candle prints one line naming the file, the line (or element) and the field; nothing is written.',
  ].join('\n'),
  options: {
    ...MARKET_OPTIONS,
    target: { type: 'string', value: '<live|history|both>', description: 'the tables written: live (default), history or both' },
    'time-unit': { type: 'string', value: '<ms|s>', description: 'unit of numeric times in the file (default ms)' },
    ...MARKETS_OPTION,
  },
  positionals: { min: 1, max: 1 },
  load: () => import('./ingest.js'),
};

/** `alpha-v4 features`. */
const features: Command = {
  name: 'features',
  summary: 'Compute features from the stored candles and upsert them into the feature store.',
  usage: '--symbol <symbol> --timeframe <tf> [options]',
  details: [
    'Writes the rows from --from (or the first candle) to --to (or the last), computed over every stored candle',
    'before --to (EMA-type features depend on the whole history). Gaps are filled with flat zero-volume candles, as',
    'the live pipeline does; cross-asset (syn_*) features read their peers’ candles on the same times. All rows are',
    'written in one transaction.',
  ].join('\n'),
  options: { ...MARKET_OPTIONS, ...RANGE_OPTIONS, ...FEATURES_OPTION, ...SOURCE_OPTION, ...MARKETS_OPTION },
  load: () => import('./features.js'),
};

/** `alpha-v4 train`. */
const train: Command = {
  name: 'train',
  summary: 'Train a market model on the stored candles (one ensemble per horizon) and save it as a new version.',
  usage: '--symbol <symbol> --timeframe <tf> [options]',
  details: [
    'Trains trainMarketModel over the stored candles (--from/--to), prints the version saved and each horizon’s',
    'out-of-fold metrics (accuracy with its 95% interval, AUC, log loss, ECE). --activate makes it the active model.',
    'With --import-model <file> --format <format>, saves an external model instead (xgboost-json, lightgbm-text,',
    'alpha-gbdt-binary, alpha-v4-ensemble, alpha-v4-horizons): the file is checked by the decoder that serves it.',
  ].join('\n'),
  options: {
    ...MARKET_OPTIONS,
    horizons: { type: 'string', value: '<list>', description: 'candles ahead, one ensemble each (default 1)' },
    ...FEATURES_OPTION,
    rounds: { type: 'string', value: '<n>', description: 'boosting rounds of each tree member (default 300)' },
    stage: { type: 'string', value: '<trees|trees+mlp>', description: 'the ensemble’s members (default trees: a depth-wise and a leaf-wise GBDT)' },
    seed: { type: 'string', value: '<n>', description: 'training seed (default 0)' },
    activate: { type: 'boolean', description: 'make the saved version the active model' },
    ...RANGE_OPTIONS,
    ...SOURCE_OPTION,
    'import-model': { type: 'string', value: '<file>', description: 'save this model file instead of training' },
    format: { type: 'string', value: '<format>', description: 'the format of --import-model' },
    ...MARKETS_OPTION,
  },
  load: () => import('./train.js'),
};

/** `alpha-v4 predict`. */
const predict: Command = {
  name: 'predict',
  summary: 'Predict one market from its latest closed candle with its active model (every horizon).',
  usage: '--symbol <symbol> --timeframe <tf> [options]',
  details: [
    'Computes the live features of the latest candle closed by --now, scores the active model, calibrates and sizes.',
    'Nothing is written but the feature cache, unless --write stores the predictions. A refusal (no active model,',
    'stale candles, missing features) writes nothing.',
  ].join('\n'),
  options: {
    ...MARKET_OPTIONS,
    ...NOW_OPTION,
    write: { type: 'boolean', description: 'store the predictions (alpha_v4.predictions)' },
    ...MARKETS_OPTION,
  },
  load: () => import('./predict.js'),
};

/** `alpha-v4 batch-predict`. */
const batchPredict: Command = {
  name: 'batch-predict',
  summary: 'Predict every market (each with an active model), all horizons, written in one transaction.',
  usage: '[options]',
  details: [
    'The system’s alpha_v4.batch_predict(): every market scored at one clock, every prediction written in one',
    'transaction. A market that fails (no active model, stale candles) fails the batch and nothing is written,',
    'unless --skip-failed writes the others (the exit code is then 1 when any market failed).',
  ].join('\n'),
  options: {
    ...MARKETS_OPTION,
    ...NOW_OPTION,
    'dry-run': { type: 'boolean', description: 'predict without writing the predictions' },
    'skip-failed': { type: 'boolean', description: 'write the markets that succeed, report the others' },
  },
  load: () => import('./batch-predict.js'),
};

/** `alpha-v4 evaluate`. */
const evaluate: Command = {
  name: 'evaluate',
  summary: 'Resolve the predictions whose target candle exists, then print the live metrics and the promotion gate.',
  usage: '[options]',
  details: [
    'Resolves outcomes (store.resolvePredictions, as of --now), then evaluates the resolved predictions selected by',
    '--symbol, --timeframe, --horizon and --from/--to (prediction times): accuracy with its Wilson interval, the',
    'confident subset, ECE, Brier, Sharpe, base rate. The promotion gate pools the selected markets, every horizon.',
    'With no resolved prediction in the window: NO_RESOLVED_PREDICTIONS, exit code 1.',
  ].join('\n'),
  options: {
    symbol: { type: 'string', value: '<symbol>', description: 'only this symbol’s predictions' },
    timeframe: { type: 'string', value: '<tf>', description: 'only this timeframe’s predictions' },
    horizon: { type: 'string', value: '<n>', description: 'only this horizon’s predictions' },
    ...RANGE_OPTIONS,
    ...NOW_OPTION,
    ...MARKETS_OPTION,
  },
  load: () => import('./evaluate.js'),
};

/** `alpha-v4 report`. */
const report: Command = {
  name: 'report',
  summary: 'Write the HTML report of the resolved predictions (metrics, calibration, equity, importance, promotion gate).',
  usage: '[--out <file.html>] [options]',
  details: 'One self-contained HTML file, written whole (a temporary file renamed over --out). No resolved prediction: NO_RESOLVED_PREDICTIONS, exit 1.',
  options: {
    out: { type: 'string', value: '<file>', description: `the report file (default ${DEFAULT_REPORT_FILE})` },
    from: { type: 'string', value: '<time>', description: 'earliest prediction time, inclusive (default the first resolved prediction)' },
    to: { type: 'string', value: '<time>', description: 'latest prediction time, exclusive' },
    now: { type: 'string', value: '<time>', description: 'the clock of the promotion gate (default now)' },
    'top-features': { type: 'string', value: '<n>', description: 'features in the importance chart, 1 to 100 (default 20)' },
  },
  load: () => import('./report.js'),
};

/** `alpha-v4 backup`. */
const backup: Command = {
  name: 'backup',
  summary: 'Back up models, feature stores and predictions into a folder (one backup per run, by time).',
  usage: '--out <dir> [options]',
  details: [
    'Writes <dir>/model-backups, feature-backups and predictions-backup (model binaries, CSV tables, a manifest',
    'written last). Candles stay in your source tables and are not part of a backup. Backups older than',
    '--retention-days (default 30) in the folder are deleted.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: '<dir>', description: 'the backup folder (created if needed)' },
    'retention-days': { type: 'string', value: '<n|all>', description: 'delete backups older than n days (default 30; all keeps every one)' },
  },
  load: () => import('./backup.js'),
};

/** `alpha-v4 restore`. */
const restore: Command = {
  name: 'restore',
  summary: 'Restore a backup from a folder (default the newest complete one), in one transaction.',
  usage: '--from <dir> [options]',
  details: 'Row counts are checked against the manifest and every model binary against its sha256; any mismatch restores nothing.',
  options: {
    from: { type: 'string', value: '<dir>', description: 'the backup folder (as written by alpha-v4 backup)' },
    id: { type: 'string', value: '<id>', description: 'the backup to restore (default the newest complete one)' },
    mode: { type: 'string', value: '<merge|replace>', description: 'merge upserts the rows (default); replace first empties the tables the backup covers' },
  },
  load: () => import('./restore.js'),
};

/** `alpha-v4 bench`. */
const bench: Command = {
  name: 'bench',
  summary: 'Run the benchmarks (bench/run.ts; needs the repository checkout with its dev dependencies).',
  usage: '[suite...] [--smoke] [-- suite options]',
  details: [
    'Runs node --import tsx bench/run.ts from the repository root: every suite, or the ones named (indicators,',
    'gbdt, features, synthetic, labels, treeshap, store, mlp, pipeline). --smoke runs a suite’s small variant where',
    'it has one (mlp, pipeline: nothing written to bench/results). Options after -- go to the suites as they are.',
    'An unknown suite exits with 2.',
  ].join('\n'),
  options: { smoke: { type: 'boolean', description: 'small, quick variant (no results file written)' } },
  positionals: { min: 0, max: Infinity },
  load: () => import('./bench.js'),
};

/**
 * Every command, in the order of the help.
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name) // => ['migrate', 'ingest', 'features', 'train', 'predict', 'batch-predict', 'evaluate', 'report', 'backup', 'restore', 'bench']
 * ```
 */
export const COMMANDS: readonly Command[] = [migrate, ingest, features, train, predict, batchPredict, evaluate, report, backup, restore, bench];
