/**
 * Stress part 6: bytes on disk per row of the tables that grow, for the capacity plan's storage line. Writes
 * `predictions` prediction rows (the store's idempotent write) into the emptied predictions table and `featureRows`
 * BTC 15m feature rows (every single-asset column) into the feature store, then divides each table's size (the sum
 * of `pg_total_relation_size`, heap, indexes and TOAST, over its partition tree) by its rows.
 */
import { simulateMarket } from '../../src/core/simulator.js';
import { computeFeatures } from '../../src/features/index.js';
import type { AlphaStore } from '../../src/store/index.js';
import { predictionRows } from '../lib/predictions.js';
import { storeRows } from '../lib/sql.js';

/** One table's rows and size. */
export interface TableSize {
  readonly table: string;
  readonly rows: number;
  readonly bytes: number;
  readonly bytesPerRow: number;
}

const M15 = 900_000;
const DAY = 86_400_000;

async function size(store: AlphaStore, table: string): Promise<TableSize> {
  const [r] = await storeRows<{ rows: string; bytes: string }>(store, `SELECT (SELECT count(*) FROM ${table}) AS rows, (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('${table}')) AS bytes`);
  const rows = Number(r!.rows);
  const bytes = Number(r!.bytes);
  return { table, rows, bytes, bytesPerRow: bytes / rows };
}

/** Writes the rows and measures the predictions table and the 15m feature store. */
export async function stressStorage(store: AlphaStore, o: { predictions: number; featureRows: number }): Promise<TableSize[]> {
  await storeRows(store, 'TRUNCATE alpha_v4.predictions');
  await store.writePredictions(predictionRows(o.predictions, Math.floor((Date.now() - 60 * DAY) / M15) * M15));
  const start = Date.UTC(2023, 0, 1);
  const btc = simulateMarket({ symbols: ['BTC'], candles: o.featureRows, start, seed: 3 }).candles.BTC!;
  await storeRows(store, `SELECT alpha_v4.ensure_feature_partitions('15m', $1::text[], $2::timestamptz, $3::timestamptz)`, ['{BTC}', new Date(start).toISOString(), new Date(start + o.featureRows * M15).toISOString()]);
  await store.upsertFeatures({ symbol: 'BTC', timeframe: '15m', frame: computeFeatures(btc) });
  return [await size(store, 'alpha_v4.predictions'), await size(store, 'alpha_v4.feature_store_15m')];
}
