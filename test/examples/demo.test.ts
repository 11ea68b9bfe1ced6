/**
 * `npm run demo` end to end at a tiny size, as a user runs it (`tsx examples/demo.ts`, stdout a pipe: plain progress
 * lines) in a temporary folder, on a pure random walk: every step reports, the summary holds about 50% with a robust
 * interval that contains 50%, the gate keeps the legacy system, and the report is one self-contained HTML file.
 * Then the options' checks, through `parseOptions`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { parseOptions } from '../../examples/demo.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'alpha-demo-'));
const TINY = ['--days', '23', '--replay-days', '1', '--train-candles', '600', '--rounds', '3', '--signal', 'none', '--seed', '7'];

/** The row of a series in the printed summary: calls, accuracy and the robust interval, in percent. */
function row(out: string, name: string): { calls: number; accuracy: number; lower: number; upper: number } {
  const m = new RegExp(`^${name}\\s+(\\d+)\\s+(\\d+\\.\\d)% \\[[^\\]]+\\]\\s+\\[(\\d+\\.\\d)%, (\\d+\\.\\d)%\\]`, 'm').exec(out);
  expect(m, `${name} in:\n${out}`).not.toBeNull();
  return { calls: Number(m![1]), accuracy: Number(m![2]), lower: Number(m![3]), upper: Number(m![4]) };
}

describe('npm run demo (tiny, --signal none)', () => {
  const store = join(dir, 'store');
  const report = join(dir, 'report.html');
  let out = '';

  beforeAll(() => {
    out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts', ...TINY, '--dir', store, '--out', report], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every step with plain progress lines (stdout is not a terminal)', () => {
    for (const step of ['1. ingest candles', '2. features and labels', '3. train and calibrate (trees)', '4. replay candle by candle', '5. SHAP importance and report']) {
      expect(out).toMatch(new RegExp(`^${step.replace(/[().]/g, '\\$&')}: done in \\d+\\.\\d s`, 'm'));
    }
    expect(out).not.toContain('\r');
    expect(out).toMatch(/^4\. replay candle by candle: done in .*, 720 predictions/m); // 96 x 3 x 2 (15m) + 24 x 3 x 2 (1h)
    expect(out).toMatch(/^Finished in \d+\.\d s \(CPU \d+\.\d s\)\.$/m);
    expect(existsSync(join(store, 'PG_VERSION'))).toBe(true); // the PGlite folder
  });

  it('reports about 50% on the random walk one candle ahead, with a robust interval that contains 50%', () => {
    // 96 predictions per symbol and horizon, minus those whose target had not closed at the end; calls have a direction.
    const h1 = row(out, '15m h1');
    expect(h1.calls).toBeGreaterThan(3 * 90);
    expect(h1.calls).toBeLessThanOrEqual(3 * 95);
    const verdict = /^Calls one candle ahead: (\d+\.\d)%, robust 95% interval \[(\d+\.\d)%, (\d+\.\d)%\], which contains 50%: no evidence of skill over this window\.$/m.exec(out);
    expect(verdict, out).not.toBeNull();
    const [value, lower, upper] = verdict!.slice(1).map(Number);
    expect(Math.abs(value! - 50)).toBeLessThan(8);
    expect(lower).toBeLessThan(50);
    expect(upper).toBeGreaterThan(50);
    expect(row(out, 'all').calls).toBeGreaterThan(600);
    expect(out).toMatch(/^Promotion gate: keep-legacy: 0 of 30 consecutive qualifying days/m);
  });

  it('writes one self-contained HTML report: five inline SVG plots, no script, nothing fetched', () => {
    expect(out).toContain(`Report: ${report}`);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<figure id="[a-z-]+" data-plot=/g)).toHaveLength(5);
    expect(html.match(/<svg xmlns=/g)).toHaveLength(5);
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});

describe('the demo options', () => {
  it('defaults to a year, two replayed days and a pure random walk', () => {
    expect(parseOptions([])).toEqual({
      days: 365, replayDays: 2, signal: 'none', strength: 0.1, trainCandles: 8000, rounds: 40, features: 'compact',
      withMlp: false, dir: './.alpha-v4-demo', out: 'alpha-v4-report.html', seed: 42,
    });
    expect(parseOptions(['--replay-days', '0.5', '--with-mlp', '--features', 'all']).replayDays).toBe(0.5);
  });

  it('refuses each bad value with an InvalidParameterError naming the option', () => {
    const cases: [string[], string][] = [
      [['--days', 'many'], '--days'],
      [['--days', '30', '--replay-days', '9'], '--days'],
      [['--replay-days', '0'], '--replay-days'],
      [['--replay-days', '0.3'], '--replay-days'],
      [['--signal', 'maybe'], '--signal'],
      [['--strength', '0'], '--strength'],
      [['--strength', '1.5'], '--strength'],
      [['--train-candles', '100'], '--train-candles'],
      [['--rounds', '2.5'], '--rounds'],
      [['--features', 'some'], '--features'],
      [['--seed=-1'], '--seed'],
    ];
    for (const [argv, parameter] of cases) {
      const e = (() => { try { parseOptions(argv); } catch (x) { return x; } })();
      expect(e, argv.join(' ')).toBeInstanceOf(InvalidParameterError);
      expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
      expect((e as InvalidParameterError).parameter).toBe(parameter);
      expect((e as InvalidParameterError).message).toContain(argv.at(-1)!.replace('--seed=', ''));
    }
  });

  it('refuses an unknown option (node:util parseArgs)', () => {
    expect(() => parseOptions(['--colour', 'red'])).toThrow(/Unknown option '--colour'/);
  });
});
