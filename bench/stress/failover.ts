/**
 * Stress part 5: failover from a corrupted active model to the previous version, timed from the call that meets the
 * failure to the previous version's scores (`registry.serve`, the features already built).
 *
 * BTC 15m gets a second version (the active binary saved again and activated: v(n+1) active, v(n) previous), then:
 * - fresh registry (a restarted worker or a cold Edge isolate): one byte of the active binary flipped in the database
 *   (the checksum constraint dropped), a new registry's first `serve`: it loads both versions, finds the checksum
 *   wrong and serves the previous one;
 * - hot registry (both versions loaded and serving): the active binary and its checksum replaced by garbage (a byte
 *   flip alone leaves the checksum as it was, and a hot registry rightly keeps serving its verified copy); the next
 *   `serve` syncs, sees the new checksum, fails to decode it and serves the previous version, already loaded.
 * Each `repeats` times; the registry's own measure (its 'fallback' event: "N ms from the failure to its first
 * scores") is kept too.
 */
import { computeFeatures } from '../../src/features/index.js';
import { createModelRegistry } from '../../src/pipeline/registry.js';
import type { Market } from '../../src/pipeline/index.js';
import type { AlphaStore } from '../../src/store/index.js';
import { median, nowMs } from '../lib/stats.js';
import { storeRows } from '../lib/sql.js';

/** One failover case. */
export interface FailoverResult {
  readonly case: string;
  readonly runsMs: number[];
  readonly medianMs: number;
  readonly maxMs: number;
  /** The registry's own failure-to-scores times, from its 'fallback' events. */
  readonly registryMs: number[];
}


/** Runs both cases on `market` (which must have an active model) `repeats` times each. */
export async function stressFailover(store: AlphaStore, market: Market, repeats: number): Promise<FailoverResult[]> {
  const { symbol, timeframe } = market;
  const active = await store.loadActiveModel(symbol, timeframe);
  if (active === null) throw new Error(`failover: ${symbol} ${timeframe} has no active model`);
  const { version } = await store.saveModelVersion({ symbol, timeframe, format: active.format, binary: active.binary, featureNames: active.featureNames, metrics: active.metrics, activate: true });
  const previous = active.version;
  const candles = await store.readCandles({ symbol, timeframe, latest: 1500 });
  const frame = computeFeatures(candles, { features: active.featureNames });
  const all = frame.toMatrix(active.featureNames);
  const row = { rows: 1, cols: all.cols, data: all.data.slice((all.rows - 1) * all.cols) };
  const rows = () => row;
  const where = `WHERE symbol = '${symbol}' AND timeframe = '${timeframe}'`;
  const original = (await storeRows(store, `SELECT model_binary, checksum FROM alpha_v4.models ${where}`))[0]!;
  await storeRows(store, 'ALTER TABLE alpha_v4.models DROP CONSTRAINT IF EXISTS models_checksum_sha256');
  const restore = () => storeRows(store, `UPDATE alpha_v4.models SET model_binary = $1, checksum = $2 ${where}`, [original.model_binary, original.checksum]);
  const registryMs = (detail: string | null | undefined) => Number(/(\d+) ms from the failure/.exec(detail ?? '')?.[1] ?? NaN);
  const check = (served: { version: number; fallback: boolean }, what: string) => {
    if (!served.fallback || served.version !== previous) throw new Error(`failover (${what}): served v${served.version} (fallback ${served.fallback}), expected v${previous} as the fallback of v${version}`);
  };
  try {
    const fresh: number[] = [];
    const freshRegistry: number[] = [];
    await storeRows(store, `UPDATE alpha_v4.models SET model_binary = set_byte(model_binary, 40, get_byte(model_binary, 40) # 255) ${where}`);
    for (let i = 0; i < repeats; i++) {
      const registry = createModelRegistry(store, { markets: [market] });
      const t0 = nowMs();
      const served = await registry.serve(market, rows);
      fresh.push(nowMs() - t0);
      check(served, 'fresh registry');
      freshRegistry.push(registryMs(registry.status(market).lastEvent?.detail));
      await registry.release();
    }
    const hot: number[] = [];
    const hotRegistry: number[] = [];
    const registry = createModelRegistry(store, { markets: [market] });
    for (let i = 0; i < repeats; i++) {
      await restore();
      const good = await registry.serve(market, rows);
      if (good.fallback || good.version !== version) throw new Error(`failover (hot registry): the restored v${version} did not serve (v${good.version}, fallback ${good.fallback})`);
      const garbage = Buffer.from(`corrupt ${i} `.repeat(8));
      await storeRows(store, `UPDATE alpha_v4.models SET model_binary = $1, checksum = encode(sha256($1), 'hex') ${where}`, [garbage]);
      const t0 = nowMs();
      const served = await registry.serve(market, rows);
      hot.push(nowMs() - t0);
      check(served, 'hot registry');
      hotRegistry.push(registryMs(registry.status(market).lastEvent?.detail));
    }
    await registry.release();
    return [
      { case: 'fresh registry: both versions loaded, checksum mismatch found, previous serves', runsMs: fresh, medianMs: median(fresh), maxMs: Math.max(...fresh), registryMs: freshRegistry },
      { case: 'hot registry: sync, reload fails (load error), loaded previous serves', runsMs: hot, medianMs: median(hot), maxMs: Math.max(...hot), registryMs: hotRegistry },
    ];
  } finally {
    await restore();
  }
}
