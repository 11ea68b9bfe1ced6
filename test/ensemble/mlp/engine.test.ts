/**
 * The forward and backward passes against independent references written here: a plain float64 network (nested
 * loops, the scaler, ReLU, the counter-based dropout rule as documented) for the outputs, and central finite
 * differences of its loss for the gradients.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { localEngines } from '../../../src/ensemble/mlp/engine.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import type { MLPModelData } from '../../../src/ensemble/mlp/types.js';
import { randomNetwork } from './data.js';

/** Parameters of a network as one float64 vector, layer by layer [W, b]. */
function flatten(net: MLPModelData): Float64Array {
  return Float64Array.from(net.layers.flatMap((l) => [...l.weight, ...l.bias]));
}

/** The documented dropout rule: unit u of batch row r kept iff lowbias32(imul(r * units + u, 0x9e3779b9) ^ seed) >= p 2^32. */
function kept(counter: number, seed: number, p: number): boolean {
  let x = Math.imul(counter, 0x9e3779b9) ^ seed;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0 >= p * 2 ** 32;
}

/** Outputs (logits / values) of already-scaled rows by plain float64 loops; dropout p with `seed`. */
function reference(dims: readonly number[], theta: Float64Array, x: Float64Array, rows: number, p = 0, seed = 0): Float64Array {
  const out = new Float64Array(rows);
  const units = dims.slice(1, -1).reduce((a, b) => a + b, 0);
  for (let r = 0; r < rows; r++) {
    let h = Array.from(x.subarray(r * dims[0]!, (r + 1) * dims[0]!));
    let o = 0, unitBase = 0;
    for (let l = 1; l < dims.length; l++) {
      const n = dims[l]!, k = dims[l - 1]!;
      const next: number[] = [];
      for (let j = 0; j < n; j++) {
        let z = theta[o + n * k + j]!;
        for (let i = 0; i < k; i++) z += theta[o + j * k + i]! * h[i]!;
        if (l === dims.length - 1) next.push(z);
        else next.push(z > 0 && (p === 0 || kept(r * units + unitBase + j, seed, p)) ? z / (1 - p) : 0);
      }
      o += n * k + n;
      unitBase += n;
      h = next;
    }
    out[r] = h[0]!;
  }
  return out;
}

/** Mean loss of the reference outputs (log loss on logits, or squared error). */
function referenceLoss(dims: readonly number[], theta: Float64Array, x: Float64Array, y: Float64Array, binary: boolean, p = 0, seed = 0): number {
  const z = reference(dims, theta, x, y.length, p, seed);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += binary ? Math.log1p(Math.exp(z[i]!)) - y[i]! * z[i]! : (z[i]! - y[i]!) ** 2;
  return s / y.length;
}

function scaledRows(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

describe('forward pass', () => {
  it.each([[[5, 7, 3, 1]], [[12, 16, 9, 4, 1]], [[3, 1]]])('equals a float64 reference network within float32 rounding (dims %j)', (dims) => {
    const net = randomNetwork(dims, 11);
    const theta = Float32Array.from(flatten(net));
    const rows = 37;
    const x = scaledRows(rows, dims[0]!, 5);
    for (const wasm of [true, false]) {
      const e = localEngines().create(dims, rows, false, wasm);
      expect(e.wasm).toBe(wasm);
      e.heap.set(x, e.input);
      e.forward(rows, theta, 0, 0, 0);
      const ref = reference(dims, Float64Array.from(theta), Float64Array.from(x), rows);
      for (let i = 0; i < rows; i++) expect(e.output(i)).toBeCloseTo(ref[i]!, 4);
    }
  });

  it('applies the documented dropout masks, scaled by 1 / (1 - p)', () => {
    const dims = [6, 10, 8, 1];
    const theta = Float32Array.from(flatten(randomNetwork(dims, 2)));
    const rows = 20, x = scaledRows(rows, 6, 9);
    const e = localEngines().create(dims, rows, true, true);
    e.heap.set(x, e.input);
    e.forward(rows, theta, 0.3, 12345, 0);
    const ref = reference(dims, Float64Array.from(theta), Float64Array.from(x), rows, 0.3, 12345);
    for (let i = 0; i < rows; i++) expect(e.output(i)).toBeCloseTo(ref[i]!, 4);
  });

  it('MLPModel scales, imputes NaN / Infinity and predicts as the reference', () => {
    const dims = [4, 6, 1];
    const net = randomNetwork(dims, 4);
    const raw = Float64Array.of(0.5, NaN, -2, Infinity, 1, 2, 3, 4);
    const { center, scale, impute } = net.scaler;
    const x = raw.map((v, i) => ((Number.isFinite(v) ? v : impute[i % 4]!) - center[i % 4]!) / scale[i % 4]!);
    const ref = reference(dims, flatten(net), x, 2);
    const p = new MLPModel(net).predictProba({ rows: 2, cols: 4, data: raw });
    for (let i = 0; i < 2; i++) expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-ref[i]!)), 6);
  });
});

describe('backward pass', () => {
  const cases: [string, number[], boolean, number][] = [
    ['binary, two hidden layers', [5, 8, 6, 1], true, 0],
    ['regression, one hidden layer', [4, 9, 1], false, 0],
    ['binary with dropout 0.25', [6, 10, 7, 1], true, 0.25],
    ['no hidden layer (logistic regression)', [7, 1], true, 0],
  ];
  it.each(cases)('matches central finite differences of a float64 reference loss (%s)', (_name, dims, binary, p) => {
    const rows = 24, seed = 777;
    const theta = Float32Array.from(flatten(randomNetwork(dims, 3, binary ? 'binary' : 'regression')));
    const x = scaledRows(rows, dims[0]!, 8);
    const rng = new Rng(1);
    const y = Float64Array.from({ length: rows }, () => (binary ? (rng.uniform() < 0.5 ? 1 : 0) : rng.normal()));
    const e = localEngines().create(dims, rows, true, true);
    const grad = new Float32Array(e.nParams);
    const perm = Int32Array.from({ length: rows }, (_, i) => i);
    const loss = e.shard(x, y, perm, 0, rows, 0, 1, theta, p, seed, binary, grad);
    const t64 = Float64Array.from(theta);
    expect(loss / rows).toBeCloseTo(referenceLoss(dims, t64, Float64Array.from(x), y, binary, p, seed), 5);
    const step = 1e-4;
    let worst = 0;
    for (let i = 0; i < t64.length; i++) {
      const keep = t64[i]!;
      t64[i] = keep + step;
      const up = referenceLoss(dims, t64, Float64Array.from(x), y, binary, p, seed);
      t64[i] = keep - step;
      const down = referenceLoss(dims, t64, Float64Array.from(x), y, binary, p, seed);
      t64[i] = keep;
      const fd = (up - down) / (2 * step);
      worst = Math.max(worst, Math.abs(fd - grad[i]!) / Math.max(1e-2, Math.abs(fd)));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('splits a batch into shards whose gradients sum to the whole batch gradient (within float32 rounding)', () => {
    const dims = [5, 8, 1], rows = 30;
    const theta = Float32Array.from(flatten(randomNetwork(dims, 6)));
    const x = scaledRows(rows, 5, 2), y = Float64Array.from({ length: rows }, (_, i) => i % 2);
    const perm = Int32Array.from({ length: rows }, (_, i) => rows - 1 - i);
    const e = localEngines().create(dims, rows, true, true);
    const whole = new Float32Array(e.nParams), a = new Float32Array(e.nParams), b = new Float32Array(e.nParams);
    const l = e.shard(x, y, perm, 0, rows, 0, 1, theta, 0, 0, true, whole);
    const la = e.shard(x, y, perm, 0, rows, 0, 2, theta, 0, 0, true, a);
    const lb = e.shard(x, y, perm, 0, rows, 1, 2, theta, 0, 0, true, b);
    expect(la + lb).toBeCloseTo(l, 10);
    for (let i = 0; i < whole.length; i++) expect(a[i]! + b[i]!).toBeCloseTo(whole[i]!, 6);
    const empty = new Float32Array(e.nParams).fill(9);
    expect(e.shard(x, y, perm, 0, 1, 0, 2, theta, 0, 0, true, empty)).toBe(0); // batch of 1 row: shard 0 is empty
    expect(empty.every((v) => v === 0)).toBe(true);
  });
});
