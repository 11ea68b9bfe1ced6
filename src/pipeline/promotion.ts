/**
 * The promotion gate: keep the legacy `alpha` system running until alpha_v4 exceeds 65% live accuracy for 30
 * consecutive days, judged day by day on the Wilson lower bound of each UTC day's accuracy.
 *
 * @module
 */
import { sql } from 'kysely';
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { wilsonInterval } from '../calibration/metrics.js';
import { storeError } from '../store/errors.js';
import { oneOf, optionKeys, positiveInt, requireTime } from '../store/ops/checks.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { checkMarkets } from './markets.js';
import type { Market } from './types.js';

/** How a day's accuracy is compared with the threshold. */
export type PromotionDecision = 'lower-bound' | 'point';

/** The promotion rule (every field optional; the defaults are the system's rule). */
export interface PromotionRule {
  /** Daily accuracy to exceed, in (0.5, 1); default 0.65. */
  threshold?: number;
  /** Consecutive qualifying days needed, an integer >= 1; default 30. */
  days?: number;
  /**
   * Fewest predictions with a direction for a day to count, an integer >= 1; default 100. A smaller day never
   * qualifies: at n = 100 and 65% the 95% Wilson interval is already [55.3%, 73.6%], ~9 points either side, so a
   * day of fewer predictions says next to nothing about whether the true accuracy exceeds 65% (and with
   * `decide: 'point'` a handful of lucky calls would pass). The six markets make ~360 a day.
   */
  minPredictions?: number;
  /**
   * `'point'` (default): a day qualifies when its accuracy exceeds the threshold; `'lower-bound'`: when the Wilson
   * 95% lower bound of its accuracy does. The point estimate decides by default because the run of `days` days
   * already carries the evidence: one day's point estimate above 65% is weak evidence, but a model whose true
   * accuracy is 65% or less passes a day with probability about 1/2 or less, so 30 days in a row with probability
   * about 0.5^30 (1e-9) or less (days taken as independent). Asking the lower bound of every day instead asks each
   * day to prove 65% alone: at n = 360 that is 70% on the day (252 of 360), and 30 such days in a row need a true
   * accuracy near 75% (a 70% model passes with probability 4e-9) — a gate for 75%, not the system's 65%. Choose
   * `'lower-bound'` for that stricter gate.
   */
  decide?: PromotionDecision;
  /** Only these markets' predictions, pooled (default: every market's); pass one market for its own gate. */
  markets?: readonly Market[];
  /** The clock; default `Date.now()`. The current UTC day (of `now`) is incomplete and never counts. */
  now?: Date | number | string;
}

/** The rule as applied: every default filled in. */
export interface ResolvedPromotionRule {
  readonly threshold: number;
  readonly days: number;
  readonly minPredictions: number;
  readonly decide: PromotionDecision;
  /** null: every market. */
  readonly markets: readonly Market[] | null;
  readonly now: Date;
}

/** One UTC day's resolved predictions with a direction: how many, how many right. */
export interface DailyCount {
  /** 'YYYY-MM-DD' (UTC). */
  readonly day: string;
  readonly n: number;
  readonly correct: number;
}

/** Why a day qualifies or not. */
export type DayReason = 'qualifies' | 'no-predictions' | 'too-few-predictions' | 'not-above-threshold';

/** One complete UTC day as the gate judged it. */
export interface PromotionDay extends DailyCount {
  /** correct / n, with its Wilson 95% interval; null when n = 0. */
  readonly accuracy: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly qualifies: boolean;
  readonly reason: DayReason;
}

/** The gate's verdict. */
export interface PromotionStatus {
  /** 'promote' when the run of qualifying days ending on the last complete day is at least `required` long. */
  readonly status: 'promote' | 'keep-legacy';
  /** Length of that run. */
  readonly consecutiveDays: number;
  readonly required: number;
  readonly rule: ResolvedPromotionRule;
  /** The last complete UTC day (the day before `now`'s), 'YYYY-MM-DD'. */
  readonly lastDay: string;
  /** Every day from the first with resolved predictions to `lastDay`, oldest first (days without any included). */
  readonly days: readonly PromotionDay[];
}

const RULE_KEYS = optionKeys<PromotionRule>({ threshold: true, days: true, minPredictions: true, decide: true, markets: true, now: true });

const DAY_MS = 86_400_000;

/** The 'YYYY-MM-DD' of a UTC day number (days since 1970-01-01). */
function dayText(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Checks a promotion rule and fills in its defaults. Throws `InvalidParameterError` naming the field: an unknown
 * key, a threshold outside (0.5, 1), days or minPredictions not an integer >= 1, an unknown decide, bad markets
 * (`checkMarkets`) or a bad time.
 *
 * @example
 * ```ts
 * resolvePromotionRule({ now: 0 }) // => { threshold: 0.65, days: 30, minPredictions: 100, decide: 'point', markets: null, now: new Date(0) }
 * ```
 */
export function resolvePromotionRule(rule?: PromotionRule): ResolvedPromotionRule {
  const r = checkOptions(rule, RULE_KEYS, 'rule');
  const threshold = r.threshold ?? 0.65;
  if (typeof threshold !== 'number' || !(threshold > 0.5 && threshold < 1)) {
    throw new InvalidParameterError('rule.threshold', `expected a number in (0.5, 1), got ${describeValue(threshold)}`);
  }
  return {
    threshold,
    days: positiveInt(r.days ?? 30, 'rule.days'),
    minPredictions: positiveInt(r.minPredictions ?? 100, 'rule.minPredictions'),
    decide: oneOf(r.decide ?? 'point', ['point', 'lower-bound'], 'rule.decide'),
    markets: r.markets === undefined ? null : checkMarkets(r.markets, 'rule.markets'),
    now: new Date(r.now === undefined ? Date.now() : requireTime(r.now, 'rule.now')),
  };
}

/** Judges one day. */
function judgeDay(c: DailyCount, rule: ResolvedPromotionRule): PromotionDay {
  if (c.n === 0) return { ...c, accuracy: null, lower: null, upper: null, qualifies: false, reason: 'no-predictions' };
  const w = wilsonInterval(c.correct, c.n);
  const above = (rule.decide === 'lower-bound' ? w.lower : w.value) > rule.threshold;
  const reason: DayReason = c.n < rule.minPredictions ? 'too-few-predictions' : above ? 'qualifies' : 'not-above-threshold';
  return { ...c, accuracy: w.value, lower: w.lower, upper: w.upper, qualifies: reason === 'qualifies', reason };
}

/** Checks daily counts: an array of { day: 'YYYY-MM-DD', n, correct }, days strictly increasing, 0 <= correct <= n. */
function checkCounts(counts: unknown): { dayNumber: number; count: DailyCount }[] {
  if (!Array.isArray(counts)) throw new InvalidParameterError('counts', `expected an array of { day, n, correct }, got ${describeValue(counts)}`);
  let previous = -Infinity;
  return counts.map((c: unknown, i) => {
    const where = `counts[${i}]`;
    const o = checkOptions(c as DailyCount, ['day', 'n', 'correct'], where);
    const dayNumber = typeof o.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.day) ? Date.parse(`${o.day}T00:00:00Z`) / DAY_MS : Number.NaN;
    if (!Number.isInteger(dayNumber) || dayText(dayNumber) !== o.day) throw new InvalidParameterError(`${where}.day`, `expected a 'YYYY-MM-DD' date, got ${describeValue(o.day)}`);
    if (!(dayNumber > previous)) throw new InvalidParameterError(`${where}.day`, `days must increase, ${o.day} follows ${dayText(previous)}`, { index: i });
    previous = dayNumber;
    if (!Number.isSafeInteger(o.n) || o.n < 0) throw new InvalidParameterError(`${where}.n`, `expected an integer >= 0, got ${describeValue(o.n)}`);
    if (!Number.isSafeInteger(o.correct) || o.correct < 0 || o.correct > o.n) throw new InvalidParameterError(`${where}.correct`, `expected an integer from 0 to n = ${o.n}, got ${describeValue(o.correct)}`);
    return { dayNumber, count: { day: o.day, n: o.n, correct: o.correct } };
  });
}

/**
 * The gate over daily counts (what {@link promotionStatus} reads from the store): days on or after the UTC day of
 * `rule.now` are dropped (incomplete); the days from the first count to the last complete day are judged, a day
 * absent from `counts` as one with no predictions. A day qualifies when n >= minPredictions and its accuracy (or,
 * with `decide: 'lower-bound'`, its Wilson 95% lower bound) is strictly above the threshold; any other day ends the
 * run.
 * `consecutiveDays` is the run of qualifying days ending on the last complete day, and the status is 'promote' when
 * it reaches `rule.days`. Throws `InvalidParameterError` for bad counts or a bad rule, `PipelineError`
 * `NO_RESOLVED_PREDICTIONS` when no complete day has a prediction.
 *
 * @example
 * ```ts
 * decidePromotion([{ day: '2026-12-01', n: 360, correct: 260 }], { days: 1, now: '2026-12-02T08:00:00Z' }).status
 * // => 'promote' (260 / 360 = 72.2% > 65%; its Wilson lower bound, 67.4%, is above too)
 * ```
 */
export function decidePromotion(counts: readonly DailyCount[], rule?: PromotionRule): PromotionStatus {
  const resolved = resolvePromotionRule(rule);
  const today = Math.floor(resolved.now.getTime() / DAY_MS);
  const complete = checkCounts(counts).filter((c) => c.dayNumber < today && c.count.n > 0);
  const lastDay = dayText(today - 1);
  if (complete.length === 0) {
    throw new PipelineError('NO_RESOLVED_PREDICTIONS', `promotion gate: no resolved prediction with a direction before ${dayText(today)} (UTC)`);
  }
  const byDay = new Map(complete.map((c) => [c.dayNumber, c.count]));
  const days: PromotionDay[] = [];
  for (let d = complete[0]!.dayNumber; d < today; d++) days.push(judgeDay(byDay.get(d) ?? { day: dayText(d), n: 0, correct: 0 }, resolved));
  let run = 0;
  while (run < days.length && days[days.length - 1 - run]!.qualifies) run++;
  return { status: run >= resolved.days ? 'promote' : 'keep-legacy', consecutiveDays: run, required: resolved.days, rule: resolved, lastDay, days };
}

/**
 * The promotion gate over the store's resolved predictions: keep the legacy `alpha` system until alpha_v4 exceeds
 * 65% live accuracy for 30 consecutive days. Counts, per UTC calendar day of the prediction time `ts`, the resolved
 * predictions with a direction and the correct ones (direction 1 with outcome 1, or -1 with 0), pooled over every
 * model version, horizon and market (or `rule.markets`), in one query; then {@link decidePromotion}. Resolve first
 * (`resolveAndEvaluate` or `store.resolvePredictions`): an unresolved prediction does not count.
 *
 * Throws `InvalidParameterError` for a bad rule (before reading), `PipelineError` `NO_RESOLVED_PREDICTIONS` when no
 * complete UTC day has a resolved prediction with a direction, `StoreError` `STORE_READ` when the read fails.
 *
 * @example
 * ```ts
 * const s = await promotionStatus(store)
 * s.status          // => 'keep-legacy'
 * s.consecutiveDays // => 12 (of 30 required)
 * ```
 */
export async function promotionStatus(store: AlphaStore, rule?: PromotionRule): Promise<PromotionStatus> {
  const resolved = resolvePromotionRule(rule);
  const today = new Date(Math.floor(resolved.now.getTime() / DAY_MS) * DAY_MS);
  let query = store.db
    .selectFrom('alpha_v4.predictions')
    .select([
      sql<string>`to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      sql<number>`count(*)::integer`.as('n'),
      sql<number>`(count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0)))::integer`.as('correct'),
    ])
    .where('outcome', 'is not', null)
    .where('direction', '<>', 0)
    .where('ts', '<', today);
  const markets = resolved.markets;
  if (markets !== null) query = query.where((eb) => eb.or(markets.map((m) => eb.and([eb('symbol', '=', m.symbol), eb('timeframe', '=', m.timeframe)]))));
  let counts: DailyCount[];
  try {
    counts = await query.groupBy(sql`1`).orderBy(sql`1`).execute();
  } catch (e) {
    throw storeError('STORE_READ', 'promotionStatus', e);
  }
  return decidePromotion(counts, { ...(rule ?? {}), now: resolved.now });
}
