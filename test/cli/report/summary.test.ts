/** The summary table and the gate's sentence, from hand-made metrics and verdicts. */
import { describe, expect, it } from 'vitest';
import { formatTextTable, promotionReason, skillVerdict, summaryTable } from '../../../src/cli/report/summary.js';
import type { LiveMetrics } from '../../../src/pipeline/evaluation.js';
import type { PromotionDay, PromotionStatus } from '../../../src/pipeline/promotion.js';

const metrics = (over: Partial<LiveMetrics> = {}): LiveMetrics => ({
  n: 200,
  accuracy: { value: 0.52, lower: 0.45, upper: 0.59, n: 190 },
  confident: { threshold: 0.55, n: 0, accuracy: null, coverage: 0 },
  ece: 0.01234,
  brier: 0.25,
  sharpe: 1.234,
  baseRate: 0.5,
  from: new Date(0),
  to: new Date(1),
  ...over,
});

const rule = { threshold: 0.65, days: 30, minPredictions: 100, decide: 'point' as const, markets: null, now: new Date(0) };
const day = (d: Partial<PromotionDay>): PromotionDay => ({ day: '2025-01-05', n: 0, correct: 0, accuracy: null, lower: null, upper: null, qualifies: false, reason: 'no-predictions', ...d });
const status = (days: PromotionDay[], consecutiveDays = 0): PromotionStatus => ({ status: consecutiveDays >= 30 ? 'promote' : 'keep-legacy', consecutiveDays, required: 30, rule, lastDay: '2025-01-05', days });

describe('summaryTable', () => {
  it('writes one row per series then all, with both intervals, the confident subset and the Sharpe half-width', () => {
    const t = summaryTable({
      series: [{ timeframe: '15m', horizon: 1, metrics: metrics(), robust: { value: 0.52, lower: 0.44, upper: 0.6, n: 190, clusters: 95 }, sharpeHalfWidth: 15.34 }],
      overall: metrics({ sharpe: null, confident: { threshold: 0.55, n: 12, accuracy: { value: 0.75, lower: 0.4677, upper: 0.9111, n: 12 }, coverage: 12 / 190 } }),
      overallRobust: null,
    });
    expect(t.header).toEqual(['series', 'calls', 'accuracy [Wilson 95%]', 'robust 95%', 'accuracy at confidence >= 0.55', 'coverage', 'ECE', 'Brier', 'Sharpe (95% ±)']);
    expect(t.rows).toEqual([
      ['15m h1', '190', '52.0% [45.0%, 59.0%]', '[44.0%, 60.0%]', 'n/a (none)', '0.0%', '0.0123', '0.2500', '1.23 ± 15.3'],
      ['all', '190', '52.0% [45.0%, 59.0%]', 'n/a', '75.0% [46.8%, 91.1%] (n 12)', '6.3%', '0.0123', '0.2500', 'n/a'],
    ]);
  });

  it('formats a table as padded columns for a terminal', () => {
    expect(formatTextTable({ header: ['a', 'bb'], rows: [['ccc', 'd']] })).toBe('a    bb\nccc  d');
  });
});

describe('promotionReason', () => {
  it('says why the last complete day did not qualify', () => {
    const s = status([day({ n: 624, correct: 313, accuracy: 0.5016, lower: 0.4624, upper: 0.5408, reason: 'not-above-threshold' })]);
    expect(promotionReason(s)).toBe('0 of 30 consecutive qualifying days (> 65.0% on >= 100 calls a day); 2025-01-05: 50.2% [46.2%, 54.1%] on 624 calls, not above 65.0%');
  });

  it('names a quiet day, a day without predictions, a qualifying run and an empty history', () => {
    expect(promotionReason(status([day({ n: 12, correct: 10, accuracy: 10 / 12, lower: 0.55, upper: 0.95, reason: 'too-few-predictions' })]))).toMatch(/on 12 calls, fewer than 100 calls$/);
    expect(promotionReason(status([day({})]))).toMatch(/; 2025-01-05: no predictions$/);
    expect(promotionReason(status([day({ n: 360, correct: 252, accuracy: 0.7, lower: 0.65, upper: 0.75, qualifies: true, reason: 'qualifies' })], 30))).toMatch(/^30 of 30 .*, qualifies$/);
    expect(promotionReason(status([]))).toBe('0 of 30 consecutive qualifying days (> 65.0% on >= 100 calls a day); no resolved prediction up to 2025-01-05');
  });
});

describe('skillVerdict', () => {
  const r = (value: number, lower: number, upper: number) => ({ value, lower, upper, n: 300, clusters: 100 });
  it('reads the robust interval of the calls one candle ahead against 50%', () => {
    expect(skillVerdict(r(0.495, 0.45, 0.54))).toBe('Calls one candle ahead: 49.5%, robust 95% interval [45.0%, 54.0%], which contains 50%: no evidence of skill over this window.');
    expect(skillVerdict(r(0.58, 0.52, 0.64))).toMatch(/\[52\.0%, 64\.0%\], above 50%: evidence of skill over this window\.$/);
    expect(skillVerdict(r(0.42, 0.36, 0.48))).toMatch(/below 50%: worse than chance over this window, which a model with nothing to predict does in about one window in 20\.$/);
    expect(skillVerdict(null)).toBe('No calls one candle ahead: nothing to judge.');
  });
});
