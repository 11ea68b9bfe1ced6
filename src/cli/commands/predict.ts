/** `alpha-v4 predict`: one market's predictions (every horizon of its active model) from its latest closed candle. */
import { predictHorizons } from '../../pipeline/predict.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { marketOption, marketsOption, timeOption } from '../values.js';
import { predictionLine } from './prediction-text.js';

/**
 * Runs `alpha-v4 predict` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.predictions.length // => 2 (horizons 1 and 4)
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const markets = marketsOption(values, command);
  const market = marketOption(values, command, markets);
  const now = timeOption(values, 'now', command);
  const write = values.write === true;
  const predictions = await predictHorizons({ store: await ctx.store(), ...market, markets, write, ...(now === undefined ? {} : { now }) });
  const text = [...predictions.map(predictionLine), ...(write ? [`${predictions.length} prediction(s) written`] : [])].join('\n');
  return { text, data: { symbol: market.symbol, timeframe: market.timeframe, written: write, predictions } };
}
