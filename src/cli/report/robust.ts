/**
 * An accuracy interval that survives correlated predictions: clustered by prediction time and robust to the overlap
 * of multi-candle labels, for the report's summary beside the Wilson interval (which takes every call as independent).
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';

/** One call: its prediction time, how long its label runs (ms: horizon x timeframe) and whether it was right. */
export interface Call {
  readonly ts: number;
  readonly span: number;
  readonly correct: boolean;
}

/** An accuracy with a robust 95% interval, the calls and the clusters (distinct prediction times) behind it. */
export interface RobustAccuracy {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  readonly clusters: number;
}

const Z95 = 1.959963984540054;

/**
 * Accuracy with a 95% interval robust to two dependences the Wilson interval ignores: calls made at the same time
 * (BTC, ETH and SOL move together, so their calls are right or wrong together) and labels that overlap (a horizon of
 * h candles shares h - 1 candles with the next call's label). With clusters t = the distinct prediction times, m_t
 * calls and c_t correct in cluster t, M = Σ m_t, the accuracy â = Σ c_t / M, the residuals u_t = c_t - â m_t, and
 * W = the longest label span:
 *
 *   Var(â) = Σ_s Σ_t k(|t - s|) u_s u_t / M²,  k(Δ) = max(0, 1 - Δ / W)   (a Bartlett kernel in time)
 *
 * and the interval is â ± 1.96 sqrt(Var(â)), clipped to [0, 1]. k(0) = 1 makes it cluster-robust (Liang and Zeger
 * 1986); the kernel over the label span makes it robust to the overlap as Newey and West (1987) are to serial
 * correlation; the triangle is a positive-definite function, so the variance is never negative. With one call per
 * time and labels of one candle it is the Wald interval sqrt(â(1 - â) / n). Throws `InvalidParameterError` for no
 * calls, or a call whose time or span is not finite (a span must be > 0).
 *
 * @example
 * ```ts
 * // Two times, three calls each, all right at the first and all wrong at the second: one half, and wide.
 * const calls = [0, 0, 0, 1, 1, 1].map((k, i) => ({ ts: k * 900_000, span: 900_000, correct: k === 0 }))
 * robustAccuracy(calls) // => { value: 0.5, lower: 0, upper: 1, n: 6, clusters: 2 }
 * ```
 */
export function robustAccuracy(calls: readonly Call[]): RobustAccuracy {
  if (!Array.isArray(calls) || calls.length === 0) throw new InvalidParameterError('calls', `expected a non-empty array of calls, got ${describeValue(calls)}`);
  const byTime = new Map<number, { m: number; c: number }>();
  let window = 0, correct = 0;
  calls.forEach((call, i) => {
    if (!Number.isFinite(call?.ts) || !Number.isFinite(call.span) || !(call.span > 0)) throw new InvalidParameterError(`calls[${i}]`, `expected a finite ts and a span > 0, got ${describeValue(call)}`);
    const cluster = byTime.get(call.ts) ?? { m: 0, c: 0 };
    cluster.m++;
    if (call.correct) cluster.c++;
    byTime.set(call.ts, cluster);
    window = Math.max(window, call.span);
    if (call.correct) correct++;
  });
  const n = calls.length;
  const value = correct / n;
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const u = times.map((t) => byTime.get(t)!.c - value * byTime.get(t)!.m);
  let sum = 0;
  for (let i = 0; i < times.length; i++) {
    sum += u[i]! * u[i]!;
    for (let j = i - 1; j >= 0 && times[i]! - times[j]! < window; j--) sum += 2 * (1 - (times[i]! - times[j]!) / window) * u[i]! * u[j]!;
  }
  const half = (Z95 * Math.sqrt(Math.max(0, sum))) / n;
  return { value, lower: Math.max(0, value - half), upper: Math.min(1, value + half), n, clusters: times.length };
}
