/**
 * `alpha-v4 --database-url` on PostgreSQL 15 (the test cluster): migrate, ingest and predict; then every bad input
 * (a malformed CSV or JSON, a bad candle, an unknown symbol or timeframe, an unknown option, a wrong model format):
 * exit code 2, one line naming what is wrong and where, and nothing written (the tables counted before and after).
 */
import pg from 'pg';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { createDatabase, getCluster, type TestDatabase } from '../support/pg-cluster.js';
import { candleCsv, cli, jsonOf, tempFolder } from './run-cli.js';

const M15 = 900_000;
const N = 300;
const btc = simulateMarket({ candles: N, seed: 11, start: '2024-03-01T00:00:00Z', symbols: ['BTC'] }).candles.BTC!;
const NOW = new Date(btc.time[N - 1]! + M15 + 1).toISOString();
const XGB = join(import.meta.dirname, '..', 'fixtures', 'xgboost', 'binary_d2.model.json');
const FEATURES = 'rsi_14,natr_14,log_return_1,atr_14,adx_14,cci_14';
const TABLES = ['indicators.ohlcv_15m', 'training.spot_15m', 'alpha_v4.feature_store_15m', 'alpha_v4.model_versions', 'alpha_v4.predictions'];

const folder = tempFolder('cli-pg');
let database: TestDatabase;
let url: string;
const run = (...args: string[]) => cli([...args, '--database-url', url], folder.dir);

/** Rows of every table a command could write. */
async function counts(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    return out;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createDatabase(await getCluster(), 'cli');
  url = database.url;
  folder.write('btc.csv', candleCsv(btc, 0, N));
}, 60_000);
afterAll(async () => {
  await database?.drop();
  folder.remove();
});

describe('alpha-v4 --database-url postgres://...', () => {
  it('migrate, ingest and predict --write', async () => {
    expect((await run('migrate', '--quiet')).code).toBe(0);
    const ingest = await run('ingest', 'btc.csv', '--symbol', 'BTC', '--timeframe', '15m', '--json');
    expect(jsonOf(ingest)).toMatchObject({ ok: true, rows: N, inserted: N });
    const imported = await run('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'xgboost-json', '--features', FEATURES, '--activate');
    expect(imported.code).toBe(0);
    const p = await run('predict', '--symbol', 'BTC', '--timeframe', '15m', '--now', NOW, '--write');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(new RegExp(`^BTC 15m h1: ${new Date(btc.time[N - 1]!).toISOString()} -> ${new Date(btc.time[N - 1]! + M15).toISOString()} (up|down|flat) p=0\\.\\d{4} .*\\(model v1\\)\\n1 prediction\\(s\\) written\\n$`));
    expect(await counts()).toEqual({ 'indicators.ohlcv_15m': N, 'training.spot_15m': 0, 'alpha_v4.feature_store_15m': 1, 'alpha_v4.model_versions': 1, 'alpha_v4.predictions': 1 });
  }, 60_000);

  it('a database without the schema: a runtime failure (exit 1) that says to migrate', async () => {
    const bare = await createDatabase(await getCluster(), 'cli_bare');
    try {
      const r = await cli(['predict', '--symbol', 'BTC', '--timeframe', '15m', '--database-url', bare.url], folder.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^alpha-v4 predict: [^\n]*does not exist \(has `alpha-v4 migrate` run on this database\?\)\n$/);
    } finally {
      await bare.drop();
    }
  });
});

describe('bad input: exit 2, one line naming what and where, nothing written', () => {
  let before: Record<string, number>;
  beforeAll(async () => {
    before = await counts();
  });

  /** Runs a bad command line: exit code 2, nothing on stdout, one line on stderr; returns that line. */
  async function refused(...args: string[]): Promise<string> {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n') && !r.stderr.slice(0, -1).includes('\n')).toBe(true);
    return r.stderr.slice(0, -1);
  }

  it('a CSV without a close column', async () => {
    folder.write('nocol.csv', 'ts,open,high,low,volume\n2024-03-01T00:00:00Z,1,2,1,3\n');
    expect(await refused('ingest', 'nocol.csv', '--symbol', 'BTC', '--timeframe', '15m')).toBe('alpha-v4 ingest: CLI_INPUT: nocol.csv: line 1: missing column close (header: ts,open,high,low,volume)');
  });

  it('a CSV with a non-numeric value names the line and the field', async () => {
    folder.write('text.csv', `${candleCsv(btc, 0, 3).trimEnd()}\n2024-03-01T00:45:00Z,1,2,1,n/a,3\n`);
    expect(await refused('ingest', 'text.csv', '--symbol', 'BTC', '--timeframe', '15m', '--target', 'both')).toBe('alpha-v4 ingest: CLI_INPUT: text.csv: line 5 close: close must be a number or numeric string');
  });

  it('a bad candle (high below low) names the line and the field, and the good rows before it are not written', async () => {
    folder.write('hl.csv', `${candleCsv(btc, 0, 5).trimEnd()}\n2024-03-01T01:15:00Z,10,9,11,10,3\n`);
    expect(await refused('ingest', 'hl.csv', '--symbol', 'BTC', '--timeframe', '15m', '--target', 'history')).toMatch(/^alpha-v4 ingest: CLI_INPUT: hl\.csv: line 7 high: high 9 < low 11 \(and \d+ more problem\(s\)\)$/);
  });

  it('malformed JSON', async () => {
    folder.write('bad.json', '{"candles": [[1, 2, 3]');
    expect(await refused('ingest', 'bad.json', '--symbol', 'BTC', '--timeframe', '15m')).toMatch(/^alpha-v4 ingest: CLI_INPUT: bad\.json: invalid JSON: /);
  });

  it('an unknown symbol', async () => {
    expect(await refused('ingest', 'btc.csv', '--symbol', 'DOGE', '--timeframe', '15m')).toBe(
      'alpha-v4 ingest: UNKNOWN_MARKET: unknown symbol "DOGE": the pipeline serves BTC 15m, BTC 1h, ETH 15m, ETH 1h, SOL 15m, SOL 1h',
    );
    expect(await refused('predict', '--symbol', 'DOGE', '--timeframe', '15m')).toContain('UNKNOWN_MARKET: unknown symbol "DOGE"');
  });

  it('an unknown timeframe', async () => {
    expect(await refused('features', '--symbol', 'BTC', '--timeframe', '4h')).toContain('alpha-v4 features: UNKNOWN_MARKET: unknown timeframe "4h"');
    expect(await refused('ingest', 'btc.csv', '--symbol', 'BTC', '--timeframe', '2h')).toContain('unknown timeframe "2h"');
  });

  it('a target with no table for the timeframe', async () => {
    expect(await refused('ingest', 'btc.csv', '--symbol', 'BTC', '--timeframe', '1h', '--target', 'history')).toBe(
      'alpha-v4 ingest: CLI_USAGE: ingest: --target history: no history table is configured for 1h (history tables: 15m)',
    );
  });

  it('an unknown option, and a missing option', async () => {
    expect(await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--round', '5')).toBe('alpha-v4 train: CLI_USAGE: train: unknown option --round (see alpha-v4 train --help)');
    expect(await refused('train', '--timeframe', '15m')).toBe('alpha-v4 train: CLI_USAGE: train: --symbol is required');
  });

  it('a model file of the wrong format', async () => {
    const line = await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'lightgbm-text', '--features', FEATURES);
    expect(line).toMatch(/^alpha-v4 train: CLI_INPUT: [^ ]*binary_d2\.model\.json: not a valid lightgbm-text model for BTC 15m: MODEL_FORMAT: lightgbm-text: /);
    folder.write('garbage.bin', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', 'garbage.bin', '--format', 'alpha-v4-ensemble', '--features', FEATURES)).toMatch(
      /^alpha-v4 train: CLI_INPUT: garbage\.bin: not a valid alpha-v4-ensemble model for BTC 15m: MODEL_CORRUPT: /,
    );
    expect(await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'onnx')).toMatch(/^alpha-v4 train: CLI_USAGE: train: --format: expected one of alpha-v4-ensemble, alpha-v4-horizons, xgboost-json, lightgbm-text, alpha-gbdt-binary, got "onnx"$/);
  });

  it('a model whose columns are not the features given', async () => {
    expect(await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'xgboost-json', '--features', 'rsi_14')).toMatch(/: CLI_INPUT: .*FEATURE_MISMATCH: /);
    expect(await refused('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'xgboost-json')).toMatch(/: CLI_USAGE: train: .*names no features: pass --features/);
  });

  it('a malformed time, and a missing backup folder', async () => {
    expect(await refused('predict', '--symbol', 'BTC', '--timeframe', '15m', '--now', 'soon')).toBe('alpha-v4 predict: CLI_USAGE: predict: --now: expected an ISO 8601 time (2024-01-05T10:00Z) or epoch milliseconds, got "soon"');
    expect(await refused('restore', '--from', 'no-such-folder')).toBe('alpha-v4 restore: CLI_INPUT: restore: no-such-folder: no such backup folder');
  });

  it('--json: the failure as one JSON document on stdout', async () => {
    const r = await run('ingest', 'nocol.csv', '--symbol', 'BTC', '--timeframe', '15m', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(jsonOf(r)).toEqual({ ok: false, command: 'ingest', exitCode: 2, error: { code: 'CLI_INPUT', message: 'nocol.csv: line 1: missing column close (header: ts,open,high,low,volume)' } });
  });

  it('none of the bad inputs above wrote anything', async () => {
    expect(await counts()).toEqual(before);
  });
});
