/**
 * The promotion gate: constructed days with exact counts (qualifies, too few, the Wilson lower bound below the
 * threshold while the point estimate is above, a gap day, 30 consecutive days), the same over the store on PGlite
 * and PostgreSQL 15 (UTC days of prediction time, today excluded, markets pooled or filtered), a property test of
 * the run, and the bad inputs. Wilson bounds are checked as the roots of the score-test quadratic.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { decidePromotion, promotionStatus, type DailyCount, type PromotionRule } from '../../src/pipeline/promotion.js';
import type { AlphaStore, PredictionInput } from '../../src/store/index.js';
import { engines } from '../support/engines.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2024, 2, 1);
const Z = 1.959963984540054;

/** 'YYYY-MM-DD' of day k after 2024-03-01. */
const day = (k: number) => new Date(D0 + k * DAY).toISOString().slice(0, 10);
/** Noon of day k. */
const noon = (k: number) => D0 + k * DAY + DAY / 2;

/** The Wilson bounds as the roots of (1 + z^2/n) p^2 - (2k/n + z^2/n) p + (k/n)^2 = 0. */
function wilsonRoots(k: number, n: number): [number, number] {
  const ph = k / n, a = 1 + (Z * Z) / n, b = -(2 * ph + (Z * Z) / n), c = ph * ph;
  const d = Math.sqrt(b * b - 4 * a * c);
  return [(-b - d) / (2 * a), (-b + d) / (2 * a)];
}

/** `k` consecutive days from day `first`, each n = 120 with 100 right (Wilson lower 0.755). */
const goodDays = (first: number, k: number): DailyCount[] => Array.from({ length: k }, (_, i) => ({ day: day(first + i), n: 120, correct: 100 }));

describe('decidePromotion on constructed days', () => {
  it('a day qualifies when n >= minPredictions and its Wilson lower bound exceeds the threshold', () => {
    const s = decidePromotion([{ day: day(0), n: 120, correct: 100 }], { days: 1, now: noon(1) });
    expect([s.status, s.consecutiveDays, s.required, s.lastDay]).toEqual(['promote', 1, 1, day(0)]);
    const d = s.days[0]!;
    expect([d.day, d.n, d.correct, d.qualifies, d.reason]).toEqual([day(0), 120, 100, true, 'qualifies']);
    expect(d.accuracy).toBe(100 / 120);
    expect(d.lower!).toBeCloseTo(wilsonRoots(100, 120)[0], 12);
    expect(d.upper!).toBeCloseTo(wilsonRoots(100, 120)[1], 12);
    expect(s.rule).toEqual({ threshold: 0.65, days: 1, minPredictions: 100, decide: 'point', markets: null, now: new Date(noon(1)) });
  });

  it('a day of fewer than minPredictions never qualifies, even at 100%', () => {
    const s = decidePromotion([{ day: day(0), n: 99, correct: 99 }], { days: 1, now: noon(1) });
    expect([s.status, s.consecutiveDays, s.days[0]!.reason, s.days[0]!.qualifies]).toEqual(['keep-legacy', 0, 'too-few-predictions', false]);
    expect(decidePromotion([{ day: day(0), n: 99, correct: 99 }], { days: 1, minPredictions: 99, now: noon(1) }).status).toBe('promote');
  });

  it('the point estimate decides by default: 70 of 100 qualifies; with decide lower-bound it does not (60.4%)', () => {
    const counts = [{ day: day(0), n: 100, correct: 70 }];
    expect(decidePromotion(counts, { days: 1, now: noon(1) }).status).toBe('promote');
    const s = decidePromotion(counts, { days: 1, decide: 'lower-bound', now: noon(1) });
    expect(wilsonRoots(70, 100)[0]).toBeLessThan(0.65);
    expect(s.days[0]!.lower!).toBeCloseTo(wilsonRoots(70, 100)[0], 12);
    expect([s.status, s.days[0]!.reason]).toEqual(['keep-legacy', 'not-above-threshold']);
    // "exceeds" is strict: exactly 65% is not above it.
    expect(decidePromotion([{ day: day(0), n: 100, correct: 65 }], { days: 1, now: noon(1) }).days[0]!.reason).toBe('not-above-threshold');
  });

  it('a day without predictions breaks the run, and is listed', () => {
    const counts = [...goodDays(0, 5), ...goodDays(6, 2)];
    const s = decidePromotion(counts, { days: 2, now: noon(8) });
    expect([s.status, s.consecutiveDays, s.days.length]).toEqual(['promote', 2, 8]);
    expect(s.days[5]).toEqual({ day: day(5), n: 0, correct: 0, accuracy: null, lower: null, upper: null, qualifies: false, reason: 'no-predictions' });
    // Days after the data, up to yesterday, are gaps too.
    const later = decidePromotion(counts, { days: 2, now: noon(10) });
    expect([later.status, later.consecutiveDays, later.lastDay, later.days.length]).toEqual(['keep-legacy', 0, day(9), 10]);
  });

  it('30 consecutive qualifying days promote; 29 do not; the current UTC day never counts', () => {
    const thirty = goodDays(0, 30);
    expect(decidePromotion(thirty, { now: noon(30) })).toMatchObject({ status: 'promote', consecutiveDays: 30, required: 30, lastDay: day(29) });
    expect(decidePromotion(thirty.slice(1), { now: noon(30) })).toMatchObject({ status: 'keep-legacy', consecutiveDays: 29 });
    // Day 29 is today: 29 complete days; a bad day today does not break them either.
    const s = decidePromotion([...thirty, { day: day(30), n: 100, correct: 0 }], { now: Date.UTC(2024, 2, 30, 23, 59) });
    expect([s.status, s.consecutiveDays, s.lastDay, s.days.length]).toEqual(['keep-legacy', 29, day(28), 29]);
  });

  it('no complete day with predictions is NO_RESOLVED_PREDICTIONS', () => {
    for (const counts of [[], [{ day: day(3), n: 50, correct: 40 }], [{ day: day(1), n: 0, correct: 0 }]]) {
      const e = (() => {
        try {
          return decidePromotion(counts, { now: noon(3) });
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('NO_RESOLVED_PREDICTIONS');
      expect((e as Error).message).toContain(`before ${day(3)}`);
    }
  });

  it('property: a non-qualifying last day resets the run to 0; otherwise the run is the trailing qualifying days', () => {
    const rule = { threshold: 0.65, days: 3, minPredictions: 50, decide: 'lower-bound' } satisfies PromotionRule;
    const qualifies = (c: { n: number; correct: number }) => c.n >= 50 && wilsonRoots(c.correct, c.n)[0] > 0.65;
    const dayArb = fc.integer({ min: 0, max: 200 }).chain((n) => fc.record({ n: fc.constant(n), correct: fc.integer({ min: 0, max: n }), gap: fc.boolean() }));
    const lastArb = fc.oneof(
      fc.integer({ min: 1, max: 49 }).map((n) => ({ n, correct: n, gap: false })), // too few, all right
      fc.integer({ min: 50, max: 200 }).map((n) => ({ n, correct: Math.floor(0.65 * n), gap: false })), // at most 65%
      fc.constant({ n: 0, correct: 0, gap: true }), // no predictions
    );
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: 1, maxLength: 40 }), lastArb, (history, last) => {
        const counts = (list: typeof history) => list.flatMap((d, k) => (d.gap && k > 0 ? [] : [{ day: day(k), n: d.n, correct: d.correct }]));
        const ours = history.map((d, k) => (d.gap && k > 0 ? { n: 0, correct: 0 } : d));
        if (ours.every((d) => d.n === 0)) return;
        let run = 0;
        while (run < ours.length && qualifies(ours[ours.length - 1 - run]!)) run++;
        const before = decidePromotion(counts(history), { ...rule, now: noon(history.length) });
        expect(before.consecutiveDays).toBe(run);
        expect(before.status).toBe(run >= 3 ? 'promote' : 'keep-legacy');
        const after = decidePromotion(counts([...history, last]), { ...rule, now: noon(history.length + 1) });
        expect(after.consecutiveDays).toBe(0);
        expect(after.status).toBe('keep-legacy');
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('promotion inputs', () => {
  const bad = (rule: unknown, field: string, text: string) => {
    expect(() => decidePromotion(goodDays(0, 1), rule as PromotionRule)).toThrow(InvalidParameterError);
    expect(() => decidePromotion(goodDays(0, 1), rule as PromotionRule)).toThrow(field);
    expect(() => decidePromotion(goodDays(0, 1), rule as PromotionRule)).toThrow(text);
  };

  it('an unknown rule key', () => bad({ treshold: 0.7 }, 'rule.treshold', 'unknown option'));
  it('a threshold outside (0.5, 1)', () => {
    for (const t of [0.5, 1, 0.3, Number.NaN, '0.7']) bad({ threshold: t }, 'rule.threshold', 'in (0.5, 1)');
  });
  it('days < 1', () => bad({ days: 0 }, 'rule.days', 'integer from 1'));
  it('minPredictions < 1', () => bad({ minPredictions: 0 }, 'rule.minPredictions', 'integer from 1'));
  it('an unknown decide', () => bad({ decide: 'mean' }, 'rule.decide', "'point' or 'lower-bound'"));
  it('bad markets', () => bad({ markets: [{ symbol: 'BTC' }] }, 'rule.markets[0].timeframe', 'got undefined'));
  it('a bad now', () => bad({ now: 'tomorrow' }, 'rule.now', 'expected a Date'));
  it('bad daily counts', () => {
    const counts = (c: unknown, field: string) => {
      expect(() => decidePromotion(c as DailyCount[], { now: noon(40) })).toThrow(InvalidParameterError);
      expect(() => decidePromotion(c as DailyCount[], { now: noon(40) })).toThrow(field);
    };
    counts({}, 'counts');
    counts([{ day: '2024-02-30', n: 1, correct: 1 }], 'counts[0].day');
    counts([{ day: day(2), n: 1, correct: 1 }, { day: day(1), n: 1, correct: 1 }], 'counts[1].day');
    counts([{ day: day(1), n: 3, correct: 4 }], 'counts[0].correct');
    counts([{ day: day(1), n: -1, correct: 0 }], 'counts[0].n');
  });
});

/** Predictions of `symbol` (15m) at every candle of day k, horizons 1 and 2: direction 1 (right once outcomes are set to 1) except every sixth. */
function dayPredictions(symbol: string, k: number, count: number, wrongEvery: number, version = 1): PredictionInput[] {
  return Array.from({ length: count }, (_, j) => ({
    symbol,
    timeframe: '15m',
    ts: D0 + k * DAY + Math.floor(j / 2) * 900_000,
    horizon: 1 + (j % 2),
    pUp: j % wrongEvery === 0 ? 0.3 : 0.7,
    direction: j % wrongEvery === 0 ? -1 : 1,
    confidence: 0.7,
    modelVersion: version,
  }) as PredictionInput);
}

for (const engine of engines('promotion')) {
  describe(`promotionStatus over the store on ${engine.name}`, () => {
    let store: AlphaStore;
    const now = D0 + 31 * DAY + 5 * 3_600_000; // day 31, 05:00 UTC

    beforeAll(async () => {
      store = await engine.open();
      const rows: PredictionInput[] = [];
      rows.push(...dayPredictions('PRA', 0, 50, 1_000)); // day 0: 49 of 50 right, too few
      for (let k = 1; k <= 30; k++) {
        rows.push(...dayPredictions('PRA', k, 192, 6)); // 160 of 192 right
        rows.push(...dayPredictions('PRB', k, 96, 1)); // all wrong
      }
      rows.push(...dayPredictions('PRA', 31, 192, 1)); // today: all wrong, must not count
      rows.push(...dayPredictions('PRA', 30, 20, 1, 2).map((r) => ({ ...r, direction: 0 as const, pUp: 0.5 }))); // no call: not counted
      rows.push(...dayPredictions('PRA', 30, 20, 1, 3)); // wrong, never resolved: not counted
      await store.writePredictions(rows);
      await store.driver.transaction('monitoring', (s) =>
        s.query(`UPDATE alpha_v4.predictions SET outcome = 1, realized_return = 0.001, resolved_at = now() WHERE model_version <> 3`),
      );
      // PGlite is one session: a session time zone 14 hours from UTC would move every local day (PostgreSQL's pool
      // keeps the server's zone).
      if (engine.name === 'pglite') await store.driver.transaction('monitoring', (s) => s.query(`SET TIME ZONE 'Pacific/Kiritimati'`));
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('one market: 30 qualifying UTC days after a day of too few, today excluded: promote', async () => {
      const s = await promotionStatus(store, { markets: [{ symbol: 'PRA', timeframe: '15m' }], now });
      expect([s.status, s.consecutiveDays, s.lastDay, s.days.length]).toEqual(['promote', 30, day(30), 31]);
      expect(s.days[0]).toMatchObject({ day: day(0), n: 50, correct: 49, qualifies: false, reason: 'too-few-predictions' });
      for (const d of s.days.slice(1)) {
        expect([d.n, d.correct, d.reason]).toEqual([192, 160, 'qualifies']);
        expect(d.lower!).toBeCloseTo(wilsonRoots(160, 192)[0], 12);
      }
      expect(s.rule.markets).toEqual([{ symbol: 'PRA', timeframe: '15m' }]);
      expect((await promotionStatus(store, { markets: [{ symbol: 'PRA', timeframe: '15m' }], days: 31, now })).status).toBe('keep-legacy');
    });

    it('pooled over every market: the failing one keeps the legacy system', async () => {
      const s = await promotionStatus(store, { now });
      expect([s.status, s.consecutiveDays]).toEqual(['keep-legacy', 0]);
      expect(s.days.slice(1).every((d) => d.n === 288 && d.correct === 160 && d.reason === 'not-above-threshold')).toBe(true);
    });

    it('an earlier clock judges the days before it', async () => {
      const s = await promotionStatus(store, { markets: [{ symbol: 'PRA', timeframe: '15m' }], now: D0 + 20 * DAY, days: 10 });
      expect([s.status, s.consecutiveDays, s.lastDay]).toEqual(['promote', 19, day(19)]);
    });

    it('no resolved prediction is NO_RESOLVED_PREDICTIONS', async () => {
      const e = await promotionStatus(store, { markets: [{ symbol: 'NONE', timeframe: '1h' }], now }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('NO_RESOLVED_PREDICTIONS');
    });
  });
}
