/**
 * A quick local timing of one MLP training epoch at the bench size (150,000 x 200, hidden 256-128-64-32,
 * batch 2048, one thread): `node --import tsx bench/mlp-epoch.ts [typescript|wasm] [rows]`. Prints each epoch's wall
 * and CPU time (the first includes fitting the scaler) and the load average; not a test and asserts nothing.
 */
import { loadavg } from 'node:os';
import { Rng } from '../src/core/rng.js';
import { trainMLP } from '../src/ensemble/mlp/train.js';

const gemm = (process.argv[2] ?? 'wasm') as 'wasm' | 'typescript';
const rows = Number(process.argv[3] ?? 150_000), cols = 200;
const rng = new Rng(1);
const data = new Float32Array(rows * cols), y = new Float64Array(rows);
for (let i = 0; i < rows; i++) {
  let s = 0;
  for (let f = 0; f < cols; f++) {
    const v = rng.normal();
    data[i * cols + f] = v;
    if (f < 20) s += v / (f + 1);
  }
  y[i] = s + rng.normal() > 0 ? 1 : 0;
}
const epochs = 3;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let last = 0, lastCpu = 0;
const times: string[] = [];
trainMLP({ rows, cols, data }, y, {
  epochs, validationFraction: 0, gemm,
  onProgress: (p) => {
    const c = process.cpuUsage(cpu0), cpuNow = (c.user + c.system) / 1e6;
    times.push(`epoch ${p.epoch}: ${((p.elapsedMs - last) / 1000).toFixed(2)} s wall, ${(cpuNow - lastCpu).toFixed(2)} s CPU (loss ${p.trainLoss.toFixed(4)})`);
    last = p.elapsedMs;
    lastCpu = cpuNow;
  },
});
const cpu = process.cpuUsage(cpu0);
console.log(`${rows} x ${cols}, 256-128-64-32, batch 2048, gemm ${gemm}, one thread`);
console.log(`${times.join('\n')}\n(epoch 0 includes fitting the scaler and scaling the rows)`);
console.log(`total ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU for ${epochs} epochs; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
