/** `alpha-v4 features`: features computed from stored candles, upserted into the feature store. */
import { computeFeatures } from '../../features/compute.js';
import { featureTable } from '../../store/ops/feature-batch.js';
import type { FeatureTimeframe } from '../../store/schema.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { planSelection, readMarketCandles } from '../market-data.js';
import { choiceOption, listOption, marketOption, marketsOption, timeOption } from '../values.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Runs `alpha-v4 features` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.rows // => 100 (the rows from --from on)
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const markets = marketsOption(values, command);
  const market = marketOption(values, command, markets);
  const from = timeOption(values, 'from', command);
  const to = timeOption(values, 'to', command);
  const source = choiceOption(values, 'source', command, ['live', 'history'] as const, 'live');
  const plan = planSelection(listOption(values, 'features', command), market, markets);
  const table = featureTable(market.timeframe); // markets are at 15m or 1h (checkMarkets): the feature store's timeframes
  const store = await ctx.store();
  // Every stored candle before --to: features such as EMAs depend on the whole history, so the rows equal
  // computeFeatures over it (what the live pipeline's stream state carries), whatever --from.
  const { candles, peers } = await readMarketCandles(store, plan, { source, to });
  const frame = computeFeatures(candles, { features: plan.names, symbol: market.symbol, peers });
  let start = 0;
  while (from !== undefined && start < frame.time.length && frame.time[start]! < from) start++;
  const time = frame.time.subarray(start);
  const rows = time.length;
  const bar = ctx.progress(`${market.symbol} ${market.timeframe} features`, rows);
  let reported = 0;
  const onProgress = (written: number): void => {
    bar.tick(Math.max(0, written - reported));
    reported = Math.max(reported, written);
  };
  const batch = { symbol: market.symbol, timeframe: market.timeframe as FeatureTimeframe, frame: { time, names: frame.names, columns: frame.columns.map((c) => c.subarray(start)) } };
  const result = rows > 0 ? await store.upsertFeatures(batch, { onProgress }) : { rows: 0, method: null };
  bar.done();
  const span = rows > 0 ? { first: iso(time[0]!), last: iso(time[rows - 1]!) } : { first: null, last: null };
  const text = `${market.symbol} ${market.timeframe}: ${frame.names.length} feature(s) x ${rows} row(s) upserted into ${table}${rows > 0 ? ` (${span.first} to ${span.last})` : ''}`;
  return { text, data: { symbol: market.symbol, timeframe: market.timeframe, table, features: frame.names, rows: result.rows, method: result.method, ...span } };
}
