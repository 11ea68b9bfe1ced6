/**
 * The HTML report rendered by a real browser: Debian's Chromium, headless, driven by playwright-core. The page must
 * load with no request but its own, no console message of level error and no page error, and show its five plots
 * as inline SVG holding the data of the store (fixture: test/cli/report/fixture.ts), with the summary's numbers as
 * the test counts them from the candles.
 *
 * `ALPHA_REPORT_SCREENSHOT=<report.html>` (e.g. the demo's alpha-v4-report.html) also checks that file the same way
 * and writes its full-page screenshot to docs/report-screenshot.png; without it the committed screenshot is left alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeReport, type WrittenReport } from '../../src/cli/report/write-report.node.js';
import { createPgliteStore } from '../../src/node.js';
import { CHROMIUM, describeWithOracles } from '../support/oracles.js';
import { knownPredictions, NOW, fillStore } from './report/fixture.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const URL_OF_REPORT = 'http://report.invalid/alpha-v4-report.html';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PLOTS = ['reliability', 'coverage-accuracy', 'equity', 'shap-importance', 'accuracy-by-horizon'];

/** The little of the DOM the page functions below use (they run in the browser; the project has no DOM types). */
interface DomElement {
  readonly textContent: string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getBoundingClientRect(): { width: number; height: number };
}
declare const document: DomElement;

/** What the browser saw of one plot. */
interface PlotView {
  id: string;
  svgs: number;
  width: number;
  height: number;
  title: string;
  paths: number;
  circles: number;
  rects: number;
  series: string[];
  labels: string[];
  /** Points of each `data-series` path. */
  seriesPoints: number[];
}

/** A rendered page: what it requested, its errors, its plots and its summary table. */
interface Rendered {
  requests: string[];
  errors: string[];
  plots: PlotView[];
  summary: string[][];
}

async function render(context: BrowserContext, html: string, screenshot?: string): Promise<Rendered> {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.route('**/*', (route) => (route.request().url() === URL_OF_REPORT ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.abort()));
  await page.goto(URL_OF_REPORT, { waitUntil: 'load' });
  const plots = await page.evaluate((ids) =>
    ids.map((id) => {
      const figure = document.querySelector(`figure[data-plot="${id}"]`);
      const svg = figure?.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const paths = [...(svg?.querySelectorAll('path') ?? [])];
      return {
        id,
        svgs: figure?.querySelectorAll('svg').length ?? 0,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        // The document's own <title>, else its first text (the reliability diagram writes its title as text).
        title: svg?.querySelector(':scope > title')?.textContent ?? svg?.querySelector('text')?.textContent ?? '',
        paths: paths.length,
        circles: svg?.querySelectorAll('circle').length ?? 0,
        rects: svg?.querySelectorAll('rect').length ?? 0,
        series: [...(svg?.querySelectorAll('[data-series]') ?? [])].map((e) => e.getAttribute('data-series') ?? ''),
        labels: [...(svg?.querySelectorAll('[data-label]') ?? [])].map((e) => e.getAttribute('data-label') ?? ''),
        seriesPoints: paths.filter((p) => p.hasAttribute('data-series')).map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1),
      };
    }), PLOTS);
  const summary = await page.evaluate(() => [...document.querySelectorAll('#summary-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { requests, errors, plots, summary };
}

/** What every report must show: nothing requested but the page, no error, five plots each one SVG with data. */
function expectSound(view: Rendered): void {
  expect(view.requests).toEqual([URL_OF_REPORT]);
  expect(view.errors).toEqual([]);
  expect(view.plots.map((p) => p.id)).toEqual(PLOTS);
  for (const p of view.plots) {
    expect(p.svgs, p.id).toBe(1);
    expect(p.width, p.id).toBeGreaterThan(200);
    expect(p.height, p.id).toBeGreaterThan(100);
    expect(p.title, p.id).not.toBe('');
  }
  const [reliability, coverage, equity, shap, horizon] = view.plots;
  expect(reliability!.circles).toBeGreaterThan(0);
  expect(coverage!.series).toEqual(['accuracy']);
  expect(coverage!.seriesPoints[0]).toBeGreaterThan(1);
  expect(coverage!.paths).toBe(2); // the line and its Wilson band
  expect(equity!.series.length).toBeGreaterThan(0);
  expect(Math.min(...equity!.seriesPoints)).toBeGreaterThan(1);
  expect(shap!.labels.length).toBeGreaterThan(0);
  expect(horizon!.labels.length).toBeGreaterThan(0);
}

describeWithOracles('the HTML report in headless Chromium', ['chromium'], () => {
  let context: BrowserContext;
  let written: WrittenReport;
  let view: Rendered;
  const dir = mkdtempSync(join(tmpdir(), 'alpha-chromium-'));

  beforeAll(async () => {
    const store = await createPgliteStore();
    try {
      await store.migrate();
      await fillStore(store);
      written = await writeReport(store, { out: join(dir, 'report.html'), now: NOW, title: 'Fixture report' });
    } finally {
      await store.close();
    }
    // A fresh profile: launchPersistentContext passes it as --user-data-dir.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1240, height: 900 } });
    view = await render(context, readFileSync(written.path, 'utf8'));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('loads with no request but the page itself, and no console or page error', () => {
    expect(view.requests).toEqual([URL_OF_REPORT]);
    expect(view.errors).toEqual([]);
  });

  it('shows the five plots as inline SVG, each holding the data of the store', () => {
    expectSound(view);
    const { data } = written;
    const [reliability, coverage, equity, shap, horizon] = view.plots;
    expect(reliability!.circles).toBe(data.reliability.bins.length);
    expect(reliability!.title).toBe(`Reliability of the replayed predictions: ECE ${data.reliability.ece.toFixed(4)}`);
    expect(coverage!.seriesPoints).toEqual([data.coverage.length]);
    expect(equity!.seriesPoints).toEqual(data.equity.map((e) => e.points.length));
    expect(equity!.series).toEqual(['15m h1', '15m h4', '1h h1']);
    expect(shap!.labels).toEqual(['natr_14', 'rsi_14', 'log_return_1']);
    expect(horizon!.labels).toEqual(['15m h1', '15m h4', '1h h1']);
  });

  it('shows the summary counted from the closes: calls and accuracy of each series and of all', () => {
    const known = knownPredictions();
    const groups = [['15m', 1], ['15m', 4], ['1h', 1]].map(([tf, h]) => known.filter((p) => p.timeframe === tf && p.horizon === h));
    const expected = [...groups, known].map((ps) => {
      const calls = ps.filter((p) => p.direction !== 0);
      const right = calls.filter((p) => (p.direction === 1 ? p.outcome === 1 : p.outcome === 0)).length;
      return [String(calls.length), `${((100 * right) / calls.length).toFixed(1)}%`];
    });
    expect(view.summary.map((r) => [r[0], r[1], r[2]!.split(' ')[0]])).toEqual(['15m h1', '15m h4', '1h h1', 'all'].map((name, i) => [name, ...expected[i]!]));
  });

  const shot = process.env.ALPHA_REPORT_SCREENSHOT;
  if (shot) {
    it(`renders ${shot} soundly and writes docs/report-screenshot.png`, async () => {
      const png = join(ROOT, 'docs', 'report-screenshot.png');
      expectSound(await render(context, readFileSync(shot, 'utf8'), png));
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    }, 60_000);
  }
});
