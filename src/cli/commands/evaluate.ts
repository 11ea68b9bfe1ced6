/** `alpha-v4 evaluate`: resolve the predictions whose outcome is known, then the live metrics and the promotion gate. */
import type { Proportion } from '../../calibration/metrics.js';
import { PipelineError } from '../../pipeline/errors.js';
import { resolveAndEvaluate, type LiveMetrics, type ResolveAndEvaluateQuery } from '../../pipeline/evaluation.js';
import { findMarket } from '../../pipeline/markets.js';
import { promotionStatus, type PromotionStatus } from '../../pipeline/promotion.js';
import type { Market } from '../../pipeline/types.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { integerOption, marketsOption, optionalString, timeOption } from '../values.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const interval = (p: Proportion | null): string => (p === null ? 'n/a' : `${pct(p.value)} [${pct(p.lower)}, ${pct(p.upper)}] of ${p.n}`);

/**
 * The markets `--symbol` and `--timeframe` select (each optional) among `markets`: `PipelineError` `UNKNOWN_MARKET`
 * (via `findMarket`) when the symbol, the timeframe or the pair is not served.
 */
function selectMarkets(markets: readonly Market[], symbol: string | undefined, timeframe: string | undefined): readonly Market[] {
  if (symbol !== undefined) findMarket(markets, symbol, timeframe ?? markets.find((m) => m.symbol === symbol)?.timeframe);
  if (timeframe !== undefined) findMarket(markets, symbol ?? markets.find((m) => m.timeframe === timeframe)?.symbol ?? markets[0]!.symbol, timeframe);
  return markets.filter((m) => (symbol === undefined || m.symbol === symbol) && (timeframe === undefined || m.timeframe === timeframe));
}

function metricLines(m: LiveMetrics): string[] {
  const sharpe = m.sharpe === null ? 'n/a' : m.sharpe.toFixed(2);
  const coverage = m.confident.coverage === null ? 'n/a' : pct(m.confident.coverage);
  return [
    `evaluated ${m.n} resolved prediction(s) made from ${m.from.toISOString()} to ${m.to.toISOString()}`,
    `  accuracy ${interval(m.accuracy)}`,
    `  confident (>= ${m.confident.threshold}): accuracy ${interval(m.confident.accuracy)}, coverage ${coverage}`,
    `  ECE ${m.ece.toFixed(4)}, Brier ${m.brier.toFixed(4)}, Sharpe ${sharpe}, base rate ${pct(m.baseRate)}`,
  ];
}

function gateLine(gate: PromotionStatus | null): string {
  if (gate === null) return 'promotion gate: no complete UTC day of resolved predictions yet';
  const r = gate.rule;
  return `promotion gate: ${gate.status}: ${gate.consecutiveDays} of ${gate.required} consecutive day(s) above ${pct(r.threshold)} (last complete day ${gate.lastDay})`;
}

/**
 * Runs `alpha-v4 evaluate` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.resolved // => 3 (predictions resolved by this run)
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const markets = marketsOption(values, command);
  const symbol = optionalString(values, 'symbol');
  const timeframe = optionalString(values, 'timeframe');
  const selected = selectMarkets(markets, symbol, timeframe);
  const horizon = optionalString(values, 'horizon') === undefined ? undefined : integerOption(values, 'horizon', command, 1, 2 ** 31 - 1, 1);
  const now = timeOption(values, 'now', command);
  const from = timeOption(values, 'from', command);
  const to = timeOption(values, 'to', command);
  const query: ResolveAndEvaluateQuery = Object.fromEntries(Object.entries({ symbol, timeframe, horizon, from, to, now }).filter(([, v]) => v !== undefined));
  const store = await ctx.store();
  const { resolved, metrics } = await resolveAndEvaluate(store, query);
  let gate: PromotionStatus | null = null;
  try {
    gate = await promotionStatus(store, { markets: selected, ...(now === undefined ? {} : { now }) });
  } catch (e) {
    if (!(e instanceof PipelineError && e.code === 'NO_RESOLVED_PREDICTIONS')) throw e;
  }
  const text = [`resolved ${resolved} prediction(s)`, ...metricLines(metrics), gateLine(gate)].join('\n');
  const promotion = gate === null ? null : { status: gate.status, consecutiveDays: gate.consecutiveDays, required: gate.required, lastDay: gate.lastDay, rule: gate.rule };
  return { text, data: { resolved, metrics, promotion } };
}
