/**
 * The A/B comparison of alpha_v4 (the challenger) with the legacy `alpha` schema (the champion) on the same
 * candles, written to `alpha_v4.ab_test_results`.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { parseTimeframe, type Timeframe } from '../core/timeframe.js';
import { brierScore, wilsonInterval } from '../calibration/metrics.js';
import { storeError } from '../store/errors.js';
import { optionKeys, positiveInt, requireSymbol, requireText, requireTime } from '../store/ops/checks.js';
import type { JsonObject, StoreTimeframe } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { checkLegacyTable, legacySource, readPairs, type LegacySourceOptions, type PairRow } from './legacy-source.js';
import { mcnemarExact } from './mcnemar.js';
import { annualisedSharpe, isCorrect } from './scoring.js';

/** Options of {@link compareWithLegacy}: the legacy source (see `LegacySourceOptions`), what to compare, the test. */
export interface CompareWithLegacyOptions extends LegacySourceOptions {
  symbol?: string;
  timeframe?: StoreTimeframe;
  /** Compare this alpha_v4 model version; default the latest version with paired predictions, per market. */
  modelVersion?: number;
  /** Window start (prediction ts, inclusive); default the UTC midnight of the first paired prediction. */
  from?: Date | number | string;
  /** Window end (exclusive); default the UTC midnight after the last paired prediction. */
  to?: Date | number | string;
  /** Significance level of the McNemar test, in (0, 1); default 0.05. */
  alpha?: number;
  /** The rows' `test_name` (1 to 64 printable characters); default 'alpha_vs_alpha_v4'. */
  testName?: string;
}

/** One row of `alpha_v4.ab_test_results`, as written. */
export interface AbTestResult {
  readonly testName: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** 'alpha'. */
  readonly champion: string;
  /** 'alpha_v4:<version>'. */
  readonly challenger: string;
  /** Paired predictions where both sides made a call (direction <> 0): the sample of every metric. */
  readonly nSamples: number;
  readonly championAccuracy: number | null;
  readonly challengerAccuracy: number | null;
  /** null when the legacy table has no probability column. */
  readonly championBrier: number | null;
  readonly challengerBrier: number | null;
  readonly championSharpe: number | null;
  readonly challengerSharpe: number | null;
  readonly pValue: number;
  readonly winner: 'champion' | 'challenger' | 'none';
  /** Counts behind the figures (see {@link compareWithLegacy}). */
  readonly details: JsonObject;
}

/** The default `test_name`. */
export const DEFAULT_AB_TEST_NAME = 'alpha_vs_alpha_v4';

const OPTION_KEYS = optionKeys<CompareWithLegacyOptions>({
  table: true,
  columns: true,
  legacyHorizon: true,
  symbol: true,
  timeframe: true,
  modelVersion: true,
  from: true,
  to: true,
  alpha: true,
  testName: true,
});

const DAY_MS = 86_400_000;

/** Accuracy of calls against outcomes, or null without samples. */
function share(hits: number, n: number): number | null {
  return n > 0 ? hits / n : null;
}

/** The comparison of one market's pairs (already of one model version), with the window and the test's settings. */
function compareMarket(pairs: readonly PairRow[], skipped: { duplicates: number; invalid: number }, base: { testName: string; windowStart: Date; windowEnd: Date; alpha: number; table: string; legacyHasP: boolean }): AbTestResult {
  const first = pairs[0]!;
  const both = pairs.filter((p) => p.direction !== 0 && p.l_direction !== 0);
  const n = both.length;
  const y = both.map((p) => p.outcome);
  const v4Hit = both.map((p) => isCorrect(p.direction, p.outcome));
  const legacyHit = both.map((p) => isCorrect(p.l_direction!, p.outcome));
  let b = 0, c = 0, bothRight = 0;
  v4Hit.forEach((h, i) => {
    if (h && legacyHit[i]) bothRight++;
    else if (h) b++;
    else if (legacyHit[i]) c++;
  });
  const horizons = [...new Set(both.map((p) => p.horizon))].sort((x, z) => x - z);
  const sharpe = (d: (p: PairRow) => number) =>
    horizons.length === 1 ? annualisedSharpe(both.map((p) => d(p) * p.realized_return), first.timeframe as Timeframe, horizons[0]!) : null;
  const pValue = mcnemarExact(b, c);
  const v4Right = bothRight + b, legacyRight = bothRight + c;
  const interval = (k: number) => {
    if (n === 0) return null;
    const w = wilsonInterval(k, n);
    return [w.lower, w.upper];
  };
  return {
    testName: base.testName,
    symbol: first.symbol,
    timeframe: first.timeframe,
    windowStart: base.windowStart,
    windowEnd: base.windowEnd,
    champion: 'alpha',
    challenger: `alpha_v4:${first.model_version}`,
    nSamples: n,
    championAccuracy: share(legacyRight, n),
    challengerAccuracy: share(v4Right, n),
    championBrier: base.legacyHasP && n > 0 ? brierScore(y, both.map((p) => p.l_p_up!)) : null,
    challengerBrier: n > 0 ? brierScore(y, both.map((p) => p.p_up)) : null,
    championSharpe: sharpe((p) => p.l_direction!),
    challengerSharpe: sharpe((p) => p.direction),
    pValue,
    winner: pValue < base.alpha && b !== c ? (b > c ? 'challenger' : 'champion') : 'none',
    details: {
      legacyTable: base.table,
      modelVersion: first.model_version,
      pairs: pairs.length,
      abstained: pairs.length - n,
      onlyChallengerRight: b,
      onlyChampionRight: c,
      bothRight,
      bothWrong: n - bothRight - b - c,
      championAccuracy95: interval(legacyRight),
      challengerAccuracy95: interval(v4Right),
      horizons,
      legacyDuplicates: skipped.duplicates,
      legacyInvalid: skipped.invalid,
      alpha: base.alpha,
    },
  };
}

/** The checked options. */
function checkCompareOptions(options: CompareWithLegacyOptions | undefined) {
  const o = checkOptions(options, OPTION_KEYS, 'options');
  const source = legacySource(o);
  const from = o.from === undefined ? undefined : requireTime(o.from, 'options.from');
  const to = o.to === undefined ? undefined : requireTime(o.to, 'options.to');
  if (from !== undefined && to !== undefined && !(from < to)) {
    throw new InvalidParameterError('options.to', `must be after from (${new Date(from).toISOString()}), got ${new Date(to).toISOString()}`);
  }
  const alpha = o.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InvalidParameterError('options.alpha', `expected a number in (0, 1), got ${describeValue(alpha)}`);
  return {
    source,
    from,
    to,
    alpha,
    testName: requireText(o.testName ?? DEFAULT_AB_TEST_NAME, 'options.testName'),
    symbol: o.symbol === undefined ? undefined : requireSymbol(o.symbol, 'options.symbol'),
    timeframe: o.timeframe === undefined ? undefined : parseTimeframe(o.timeframe, 'options.timeframe'),
    modelVersion: o.modelVersion === undefined ? undefined : positiveInt(o.modelVersion, 'options.modelVersion'),
  };
}

/**
 * Compares alpha_v4 with the legacy `alpha` schema on the same candles and writes the results to
 * `alpha_v4.ab_test_results` (champion 'alpha', challenger 'alpha_v4:<version>'), one row per (symbol,
 * timeframe) of the window, in one statement (one transaction): a row of the same test name, market and window is
 * replaced, so a rerun leaves the same rows. Returns the rows written.
 *
 * Pairs: each resolved alpha_v4 prediction with the legacy prediction of the same symbol, timeframe, ts (candle open
 * time) and horizon (legacy table and columns: `LegacySourceOptions`; legacy keys with several rows are ambiguous
 * and left out, as are legacy values that are NULL, not finite, or a pUp outside [0, 1]: counted in `details`).
 * Both sides are judged by the same outcome, alpha_v4's resolved close-to-close move. Model version: per market, the
 * latest version with paired predictions (the model that would be promoted), or `options.modelVersion`; rows of
 * earlier versions stay as earlier runs wrote them, under their windows (a rerun over the same window replaces the
 * row: give each version its own `testName` to keep several).
 *
 * The sample of every metric is the n pairs where both made a call (direction <> 0):
 * - accuracy = correct / n per side;
 * - Brier score = mean((p - y)^2) per side (the legacy side only with a pUp column);
 * - Sharpe of direction-only unit returns r = direction * realized_return (size 1 on every call, so that it
 *   measures the calls and not the sizing, which the legacy side may not have), annualised by
 *   sqrt(365 * 86400 / timeframe seconds / horizon) (`annualisedSharpe`); null when the pairs span several horizons;
 * - exact two-sided McNemar p-value on the discordant pairs b (only alpha_v4 right) and c (only legacy right):
 *   p = min(1, 2 * sum_{i <= min(b, c)} C(b + c, i) / 2^(b + c)) (`mcnemarExact`);
 * - winner: 'challenger' when p < alpha and b > c, 'champion' when p < alpha and c > b, else 'none'.
 *
 * Throws `InvalidParameterError` for a bad or unknown option (before reading), `PipelineError` `LEGACY_SOURCE`
 * when the legacy table or a named column is missing or unusable, `NO_RESOLVED_PREDICTIONS` when no resolved
 * prediction is paired; nothing is written then. `StoreError` when the database fails.
 *
 * @example
 * ```ts
 * const rows = await compareWithLegacy(store, { from: '2026-12-01', to: '2026-12-08' })
 * rows[0] // => { symbol: 'BTC', timeframe: '15m', challenger: 'alpha_v4:3', nSamples: 672, pValue: 0.012, winner: 'challenger', ... }
 * ```
 */
export async function compareWithLegacy(store: AlphaStore, options?: CompareWithLegacyOptions): Promise<AbTestResult[]> {
  const o = checkCompareOptions(options);
  const { tsWithoutZone } = await checkLegacyTable(store, o.source, 'options');
  const rows = await readPairs(store, o.source, tsWithoutZone, o);
  const markets = new Map<string, PairRow[]>();
  for (const r of rows) {
    const key = `${r.symbol}\u0000${r.timeframe}`;
    const m = markets.get(key);
    if (m) m.push(r);
    else markets.set(key, [r]);
  }
  const usable = (r: PairRow) => Number(r.copies) === 1 && validLegacy(r);
  const compared = [...markets.values()].filter((m) => m.some(usable));
  if (compared.length === 0) {
    throw new PipelineError('NO_RESOLVED_PREDICTIONS', `compareWithLegacy: no resolved alpha_v4 prediction is paired with a valid legacy prediction of ${o.source.table} in the window`, {
      symbol: o.symbol,
      timeframe: o.timeframe,
    });
  }
  let first = Infinity, last = -Infinity;
  for (const r of rows) {
    first = Math.min(first, r.ts.getTime());
    last = Math.max(last, r.ts.getTime());
  }
  const windowStart = new Date(o.from ?? Math.floor(first / DAY_MS) * DAY_MS);
  const windowEnd = new Date(o.to ?? (Math.floor(last / DAY_MS) + 1) * DAY_MS);
  const base = { testName: o.testName, windowStart, windowEnd, alpha: o.alpha, table: o.source.table, legacyHasP: o.source.columns.pUp !== null };
  const results = compared.map((m) => {
    const version = m.filter(usable).reduce((v, p) => Math.max(v, p.model_version), 0);
    const mine = m.filter((p) => p.model_version === version);
    const duplicates = mine.filter((p) => Number(p.copies) > 1).length;
    const pairs = mine.filter(usable);
    return compareMarket(pairs, { duplicates, invalid: mine.length - duplicates - pairs.length }, base);
  });
  await writeResults(store, results);
  return results;
}

/** Whether the legacy side of a pair is usable: a finite call, and a pUp in [0, 1] when the table has one. */
function validLegacy(r: PairRow): boolean {
  if (r.l_direction === null || !Number.isFinite(r.l_direction)) return false;
  return r.l_p_up === null || (r.l_p_up >= 0 && r.l_p_up <= 1);
}

/** Upserts the results in one statement. */
async function writeResults(store: AlphaStore, results: readonly AbTestResult[]): Promise<void> {
  const values = results.map((r) => ({
    test_name: r.testName,
    symbol: r.symbol,
    timeframe: r.timeframe,
    window_start: r.windowStart,
    window_end: r.windowEnd,
    champion: r.champion,
    challenger: r.challenger,
    n_samples: r.nSamples,
    champion_accuracy: r.championAccuracy,
    challenger_accuracy: r.challengerAccuracy,
    champion_brier: r.championBrier,
    challenger_brier: r.challengerBrier,
    champion_sharpe: r.championSharpe,
    challenger_sharpe: r.challengerSharpe,
    p_value: r.pValue,
    winner: r.winner,
    details: JSON.stringify(r.details),
  }));
  const updated = ['champion', 'challenger', 'n_samples', 'champion_accuracy', 'challenger_accuracy', 'champion_brier', 'challenger_brier', 'champion_sharpe', 'challenger_sharpe', 'p_value', 'winner', 'details'] as const;
  try {
    await store.db
      .insertInto('alpha_v4.ab_test_results')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['test_name', 'symbol', 'timeframe', 'window_start', 'window_end']).doUpdateSet((eb) => Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  } catch (e) {
    throw storeError('STORE_WRITE', 'compareWithLegacy (writing alpha_v4.ab_test_results, nothing written)', e);
  }
}
