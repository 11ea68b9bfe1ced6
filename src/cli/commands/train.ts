/** `alpha-v4 train`: a market model trained on stored candles (or imported from a file), saved as a new version. */
import { ENSEMBLE_STAGES, type EnsembleStage, type MemberSpec } from '../../ensemble/training/config.js';
import { trainMarketModel, type HorizonMetrics } from '../../pipeline/train.js';
import type { ModelVersionInput } from '../../store/ops/model-rows.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { CliError } from '../errors.js';
import { importModel } from '../import-model.js';
import { planSelection, readMarketCandles } from '../market-data.js';
import { choiceOption, integerOption, listOption, marketOption, marketsOption, optionalString, timeOption } from '../values.js';
import type { Market } from '../../pipeline/types.js';

const fixed = (x: number): string => x.toFixed(3);

/** The horizons of `--horizons` (default [1]): integers >= 1. */
function horizonsOption(ctx: CommandContext): number[] {
  const items = listOption(ctx.values, 'horizons', ctx.command) ?? ['1'];
  return items.map((h) => {
    if (!/^\d+$/.test(h) || Number(h) < 1 || Number(h) > 10_000) throw new CliError('CLI_USAGE', `train: --horizons: expected candle counts from 1 to 10000, got ${JSON.stringify(h)}`);
    return Number(h);
  });
}

/** The members of `--stage`, with `--rounds` boosting rounds for the tree members when given. */
function membersOption(ctx: CommandContext): MemberSpec[] {
  const stage = choiceOption<EnsembleStage>(ctx.values, 'stage', ctx.command, ['trees', 'trees+mlp'], 'trees');
  const rounds = optionalString(ctx.values, 'rounds') === undefined ? undefined : integerOption(ctx.values, 'rounds', ctx.command, 1, 100_000, 1);
  return ENSEMBLE_STAGES[stage].map((m) => (m.kind === 'mlp' || rounds === undefined ? m : { ...m, params: { ...m.params, nEstimators: rounds } }));
}

/** One line per horizon of the out-of-fold metrics. */
function metricLines(metrics: Readonly<Record<string, unknown>>): string[] {
  const byHorizon = (metrics.byHorizon ?? {}) as Record<string, HorizonMetrics>;
  return Object.entries(byHorizon).map(([h, m]) => {
    const a = m.accuracy;
    return `  horizon ${h}: accuracy ${fixed(a.value)} [${fixed(a.lower)}, ${fixed(a.upper)}], AUC ${fixed(m.auc.value)}, log loss ${fixed(m.logLoss.value)}, ECE ${fixed(m.ece)} (${m.rows} out-of-fold rows, ${m.folds} folds${m.calibrated ? ', calibrated' : ''})`;
  });
}

/** Trains on the stored candles: the version to save. */
async function trained(ctx: CommandContext, market: Market, markets: readonly Market[]): Promise<ModelVersionInput> {
  const { command, values } = ctx;
  const horizons = horizonsOption(ctx);
  const members = membersOption(ctx);
  const seed = integerOption(values, 'seed', command, 0, 2 ** 31 - 1, 0);
  const plan = planSelection(listOption(values, 'features', command), market, markets);
  const source = choiceOption(values, 'source', command, ['live', 'history'] as const, 'live');
  const range = { source, from: timeOption(values, 'from', command), to: timeOption(values, 'to', command) };
  const { candles, peers } = await readMarketCandles(await ctx.store(), plan, range);
  const model = trainMarketModel({ candles, peers, symbol: market.symbol, features: plan.names, horizons, ensemble: { members, seed } });
  return { symbol: market.symbol, timeframe: market.timeframe, ...model };
}

/**
 * Runs `alpha-v4 train` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.version // => 3 (the version saved)
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const markets = marketsOption(values, command);
  const market = marketOption(values, command, markets);
  const file = optionalString(values, 'import-model');
  const format = optionalString(values, 'format');
  if ((file === undefined) !== (format === undefined)) throw new CliError('CLI_USAGE', 'train: --import-model and --format go together');
  const version =
    file === undefined
      ? await trained(ctx, market, markets)
      : await importModel({ path: ctx.path(file), name: file, format: format!, market, markets, features: listOption(values, 'features', command) });
  const store = await ctx.store();
  const saved = await store.saveModelVersion({ ...version, activate: values.activate === true });
  const window = saved.trainStart && saved.trainEnd ? `, trained on ${saved.trainStart.toISOString()} to ${saved.trainEnd.toISOString()}` : '';
  const text = [
    `${market.symbol} ${market.timeframe}: version ${saved.version} ${saved.created ? 'saved' : 'already saved'} (${saved.format}, ${saved.featureNames.length} feature(s)${window})${saved.active ? ', active' : ''}`,
    ...metricLines(saved.metrics),
  ].join('\n');
  const { binary: _binary, ...info } = saved;
  return { text, data: { ...info, bytes: saved.binary.length } };
}
