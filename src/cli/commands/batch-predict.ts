/** `alpha-v4 batch-predict`: every market's predictions, written in one transaction. */
import { errorLine } from '../output.js';
import { batchPredict as runBatch } from '../../pipeline/batch.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { marketsOption, timeOption } from '../values.js';
import { predictionLine } from './prediction-text.js';

/**
 * Runs `alpha-v4 batch-predict` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.written // => true
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const markets = marketsOption(values, command);
  const now = timeOption(values, 'now', command);
  const write = values['dry-run'] !== true;
  const options = { store: await ctx.store(), markets, write, ...(now === undefined ? {} : { now }) };
  const { predictions, failures } = values['skip-failed'] === true ? await runBatch({ ...options, onError: 'skip' }) : { predictions: await runBatch(options), failures: [] };
  const failed = failures.map((f) => ({ symbol: f.symbol, timeframe: f.timeframe, error: errorLine(f.error) }));
  const text = [
    ...predictions.map(predictionLine),
    `${predictions.length} prediction(s) for ${markets.length - failed.length} market(s)${write ? ' written' : ' (dry run: nothing written)'}`,
    ...failed.map((f) => `failed: ${f.symbol} ${f.timeframe}: ${f.error}`),
  ].join('\n');
  return { text, data: { written: write && predictions.length > 0, predictions, failures: failed }, ...(failed.length > 0 ? { exitCode: 1 } : {}) };
}
