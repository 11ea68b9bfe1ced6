/** `alpha-v4 ingest <file>`: candles from a CSV or JSON file, validated, into the store's candle tables. */
import { resolveSources } from '../../store/ops/candles.js';
import type { CandleTarget } from '../../store/ops/candles-write.js';
import { readCandleFile } from '../candle-file.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { CliError } from '../errors.js';
import { choiceOption, marketOption, marketsOption } from '../values.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Runs `alpha-v4 ingest` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).text // => 'BTC 15m: 700 candle(s) from btc.csv (...)\n  indicators.ohlcv_15m: 700 inserted, 0 updated, 0 unchanged'
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const market = marketOption(ctx.values, ctx.command, marketsOption(ctx.values, ctx.command));
  const target = choiceOption<CandleTarget>(ctx.values, 'target', ctx.command, ['live', 'history', 'both'], 'live');
  const timeUnit = choiceOption(ctx.values, 'time-unit', ctx.command, ['ms', 's'] as const, 'ms');
  const sources = resolveSources(undefined); // the store's tables: the command configures no others
  for (const group of target === 'both' ? (['live', 'history'] as const) : [target]) {
    if (sources[group][market.timeframe] === undefined) {
      const have = Object.keys(sources[group]).join(', ') || 'none';
      throw new CliError('CLI_USAGE', `ingest: --target ${target}: no ${group} table is configured for ${market.timeframe} (${group} tables: ${have})`);
    }
  }
  const file = ctx.positionals[0]!;
  const candles = await readCandleFile(ctx.path(file), file, { timeframe: market.timeframe, timeUnit });
  const written = await (await ctx.store()).writeCandles({ symbol: market.symbol, timeframe: market.timeframe, candles, target });
  const n = candles.time.length;
  const first = iso(candles.time[0]!);
  const last = iso(candles.time[n - 1]!);
  const text = [
    `${market.symbol} ${market.timeframe}: ${n} candle(s) from ${file} (${first} to ${last})`,
    ...written.tables.map((t) => `  ${t.table}: ${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`),
  ].join('\n');
  return { text, data: { symbol: market.symbol, timeframe: market.timeframe, file, first, last, ...written } };
}
