/**
 * collectReportData and writeReport over a store with a fully known content (fixture.ts), on PGlite and PostgreSQL:
 * every number the report shows is recomputed here from the candles and the predictions the test wrote.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReportData, sharpeHalfWidth, type ReportData } from '../../../src/cli/report/data.js';
import { writeReport } from '../../../src/cli/report/write-report.node.js';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { PipelineError } from '../../../src/pipeline/errors.js';
import type { AlphaStore } from '../../../src/store/index.js';
import { engines } from '../../support/engines.js';
import { EXPECTED_IMPORTANCE, IMPORTANCE_AT, knownPredictions, NOW, SERIES, START, type KnownPrediction } from './fixture.js';

const known = knownPredictions();
const calls = (ps: KnownPrediction[]) => ps.filter((p) => p.direction !== 0);
const right = (p: KnownPrediction) => (p.direction === 1 ? p.outcome === 1 : p.outcome === 0);
const ofSeries = (tf: string, h: number) => known.filter((p) => p.timeframe === tf && p.horizon === h);

/** The robust variance written over pairs of calls (not clusters): Σ_i Σ_j k(|t_i - t_j|) e_i e_j / n², e = correct - â. */
function pairwiseRobust(ps: KnownPrediction[]): { value: number; half: number } {
  const c = calls(ps);
  const a = c.filter(right).length / c.length;
  const spans = c.map((p) => p.horizon * (p.timeframe === '15m' ? 900_000 : 3_600_000));
  const w = Math.max(...spans);
  let v = 0;
  for (const p of c) for (const q of c) v += Math.max(0, 1 - Math.abs(p.ts - q.ts) / w) * ((right(p) ? 1 : 0) - a) * ((right(q) ? 1 : 0) - a);
  return { value: a, half: (1.959963984540054 * Math.sqrt(v)) / c.length };
}

for (const engine of engines('report')) {
  describe(`the report's data on ${engine.name}`, () => {
    let store: AlphaStore;
    let data: ReportData;
    const dir = mkdtempSync(join(tmpdir(), 'alpha-report-'));

    beforeAll(async () => {
      store = await engine.open();
      const { fillStore } = await import('./fixture.js');
      await fillStore(store);
      data = await collectReportData(store, { now: NOW });
    }, 120_000);

    afterAll(async () => {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('evaluates every series and all together, with the accuracy counted from the closes', () => {
      expect(data.series.map((s) => [s.timeframe, s.horizon])).toEqual(SERIES.map((s) => [s.timeframe, s.horizon]));
      for (const s of data.series) {
        const ps = ofSeries(s.timeframe, s.horizon);
        expect(s.metrics.n).toBe(ps.length);
        expect(s.metrics.accuracy!.n).toBe(calls(ps).length);
        expect(s.metrics.accuracy!.value).toBeCloseTo(calls(ps).filter(right).length / calls(ps).length, 12);
        const r = pairwiseRobust(ps);
        expect(s.robust!.value).toBeCloseTo(r.value, 12);
        expect(s.robust!.upper - s.robust!.value).toBeCloseTo(Math.min(r.half, 1 - r.value), 10);
        expect(s.robust!.clusters).toBe(new Set(calls(ps).map((p) => p.ts)).size);
        expect(s.sharpeHalfWidth).toBeCloseTo(sharpeHalfWidth(s.metrics.sharpe!, ps.length, s.timeframe, s.horizon), 12);
      }
      expect(data.overall.n).toBe(known.length);
      expect(data.overall.accuracy!.value).toBeCloseTo(calls(known).filter(right).length / calls(known).length, 12);
      expect(data.overallRobust!.value).toBeCloseTo(pairwiseRobust(known).value, 12);
      expect(data.overallRobust!.upper - data.overallRobust!.value).toBeCloseTo(pairwiseRobust(known).half, 10);
      const h1 = pairwiseRobust(known.filter((p) => p.horizon === 1));
      expect(data.horizonOne!.value).toBeCloseTo(h1.value, 12);
      expect(data.horizonOne!.value - data.horizonOne!.lower).toBeCloseTo(h1.half, 10);
    });

    it('bins the reliability diagram in ten equal-width bins of p (scikit-learn edges)', () => {
      const counts = new Array(10).fill(0);
      for (const p of known) counts[Math.max(0, Math.ceil(p.pUp * 10) - 1)]++;
      expect(data.reliability.n).toBe(known.length);
      expect(data.reliability.bins.map((b) => b.count)).toEqual(counts.filter((c) => c > 0));
      expect(data.reliability.ece).toBeCloseTo(data.overall.ece, 12);
    });

    it('draws the coverage curve from the most confident prediction to all of them', () => {
      const last = data.coverage.at(-1)!;
      expect(last.coverage).toBe(1);
      // At full coverage every prediction counts, p >= 0.5 as a call up.
      const hits = known.filter((p) => (p.pUp >= 0.5 ? p.outcome === 1 : p.outcome === 0)).length;
      expect(last.accuracy).toBeCloseTo(hits / known.length, 12);
      expect(last.lower).toBeLessThan(last.accuracy);
      expect(data.coverage.length).toBeLessThanOrEqual(200);
      expect(data.coverage[0]!.coverage).toBeCloseTo(1 / known.length, 12);
    });

    it('sums the sized returns of each series over the symbols, in time order', () => {
      expect(data.equity.map((e) => e.name)).toEqual(['15m h1', '15m h4', '1h h1']);
      data.equity.forEach((e, k) => {
        const ps = ofSeries(SERIES[k]!.timeframe, SERIES[k]!.horizon);
        expect(e.points.at(-1)![1]).toBeCloseTo(ps.reduce((a, p) => a + p.direction * p.size * p.realized, 0), 12);
        expect(e.points.length).toBe(new Set(ps.map((p) => p.ts)).size);
        expect(e.points[0]![0]).toBe(START);
      });
    });

    it('averages the latest SHAP run over its models, ignoring older runs and other methods', () => {
      expect(data.importanceAt).toEqual(IMPORTANCE_AT);
      expect(data.importanceModels).toEqual(['BTC 15m v1', 'ETH 15m v1']);
      expect(data.importance.map((b) => b.feature)).toEqual(EXPECTED_IMPORTANCE.map((b) => b.feature));
      data.importance.forEach((b, i) => expect(b.importance).toBeCloseTo(EXPECTED_IMPORTANCE[i]!.importance, 15));
    });

    it('judges the two complete days with the promotion gate: keep the legacy system', () => {
      expect(data.promotion.status).toBe('keep-legacy');
      expect(data.promotion.days.map((d) => [d.day, d.n])).toEqual(
        ['2025-01-01', '2025-01-02'].map((day) => [day, calls(known).filter((p) => new Date(p.ts).toISOString().startsWith(day)).length]),
      );
    });

    it('writes the HTML file whole (no temporary file left) with the five plots', async () => {
      const out = join(dir, 'nested', 'report.html');
      const written = await writeReport(store, { out, now: NOW, title: 'Fixture <report>', notes: ['a & b'] });
      expect(written.path).toBe(out);
      const html = readFileSync(out, 'utf8');
      expect(written.bytes).toBe(Buffer.byteLength(html));
      expect(readdirSync(join(dir, 'nested'))).toEqual(['report.html']);
      for (const id of ['reliability', 'coverage-accuracy', 'equity', 'shap-importance', 'accuracy-by-horizon']) expect(html).toContain(`data-plot="${id}"`);
      expect(html).toContain('<h1>Fixture &lt;report&gt;</h1>');
      expect(html).toContain('<p>a &amp; b</p>');
    });

    it('refuses a window with nothing resolved, and writes no file', async () => {
      const out = join(dir, 'empty.html');
      const e = await writeReport(store, { out, from: NOW + 86_400_000 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('NO_RESOLVED_PREDICTIONS');
      expect(existsSync(out)).toBe(false);
    });

    it('refuses bad options before reading anything', async () => {
      const cases: [unknown, string][] = [
        [{ now: NOW, colour: 'red' }, 'query.colour'],
        [{ topFeatures: 0 }, 'query.topFeatures'],
        [{ topFeatures: 2.5 }, 'query.topFeatures'],
        [{ from: 'yesterday' }, 'query.from'],
        [{ to: NaN }, 'query.to'],
        [{ now: {} }, 'query.now'],
      ];
      for (const [query, parameter] of cases) {
        const e = await collectReportData(store, query as never).catch((x: unknown) => x);
        expect(e, parameter).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((e as InvalidParameterError).parameter).toBe(parameter);
      }
      for (const out of [undefined, '', 'a\u0000b', 7]) {
        const e = await writeReport(store, { out } as never).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).message).toContain('options.out');
      }
      const e = await writeReport(store, { out: join(dir, 'x.html'), notes: 'one note' } as never).catch((x: unknown) => x);
      expect((e as InvalidParameterError).parameter).toBe('page.notes');
    });
  });
}
