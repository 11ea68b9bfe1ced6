/**
 * The runnable examples run as a user runs them (`npx tsx examples/<name>.ts`) and print what their comments say,
 * so that none rots.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function run(name: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

const percent = (text: string, label: string): [number, number, number] => {
  const m = new RegExp(`${label}\\s+accuracy (\\d+\\.\\d)% \\[(\\d+\\.\\d), (\\d+\\.\\d)\\]`).exec(text);
  expect(m, `${label} in:\n${text}`).not.toBeNull();
  return [Number(m![1]), Number(m![2]), Number(m![3])];
};

describe('examples', () => {
  it('quickstart: about 50% from the features alone (interval contains 50), better with the planted series', () => {
    const out = run('quickstart');
    const [, lo, hi] = percent(out, 'features only:');
    expect(lo).toBeLessThan(50);
    expect(hi).toBeGreaterThan(50);
    const [planted, plantedLo] = percent(out, 'features \\+ the planted series:');
    expect(plantedLo).toBeGreaterThan(50);
    expect(planted).toBeGreaterThan(52);
  }, 120_000);

  it('streaming: every live row bit-identical to batch, through a restore', () => {
    expect(run('streaming')).toMatch(/^96 of 96 live rows bit-identical to batch/m);
  }, 120_000);

  it('train-and-export: XGBoost JSON and our binary read back exactly, LightGBM text to float32 precision', () => {
    const out = run('train-and-export');
    expect(out).toMatch(/XGBoost JSON \(\d+ chars\) read back: max \|difference\| 0$/m);
    expect(out).toMatch(/our binary \(\d+ bytes\) read back: max \|difference\| 0$/m);
    const lgb = /LightGBM text \(\d+ chars\) read back: max \|difference\| (\S+)$/m.exec(out);
    expect(Number(lgb![1])).toBeLessThan(1e-6);
    expect(out).toMatch(/ONNX \(\d+ bytes\)/);
  }, 120_000);

  it('load-xgboost-model: every probability identical to XGBoost 1.7.4', () => {
    expect(run('load-xgboost-model')).toMatch(/^198 of 198 probabilities identical to XGBoost's own predict\(\) \(float32\)$/m);
  }, 120_000);
});
