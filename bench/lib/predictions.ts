/**
 * The predictions the store and stress suites write: deterministic rows for the three symbols, and the same rows as
 * COPY text (what a text COPY or `psql \\copy` sends).
 */
import type { PredictionInput } from '../../src/store/index.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;
const M15 = 900_000;

/** The columns of alpha_v4.predictions that a write fills, in the order of {@link predictionText}. */
export const PRED_COLS = 'symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size, model_version, members';

/** `n` predictions from `start` (epoch ms, a 15m boundary): 3 symbols x 4 horizons, two members each. */
export function predictionRows(n: number, start: number): PredictionInput[] {
  const out: PredictionInput[] = [];
  for (let i = 0; i < n; i++) {
    const p = ((i * 7919) % 10_000) / 10_000;
    out.push({
      symbol: SYMBOLS[i % 3]!,
      timeframe: '15m',
      ts: start + Math.floor(i / 3) * M15,
      horizon: 1 + (i % 4),
      pUp: p,
      direction: p > 0.55 ? 1 : p < 0.45 ? -1 : 0,
      confidence: Math.abs(p - 0.5) * 2,
      size: 0.25,
      modelVersion: 1,
      members: { gbdt: p, mlp: 1 - p },
    });
  }
  return out;
}

/** COPY text of predictions, as the COPY path sends it (for the byte count and the bare-COPY ceiling). */
export function predictionText(rows: readonly PredictionInput[]): string[] {
  const chunks: string[] = [];
  let out = '';
  for (const r of rows) {
    const ts = r.ts as number;
    out += `${r.symbol}\t${r.timeframe}\t${new Date(ts).toISOString()}\t${new Date(ts + r.horizon * M15).toISOString()}\t${r.horizon}\t${r.pUp}\t${r.direction}\t${r.confidence}\t${r.size}\t${r.modelVersion}\t${JSON.stringify(r.members)}\n`;
    if (out.length > 1 << 20) {
      chunks.push(out);
      out = '';
    }
  }
  if (out) chunks.push(out);
  return chunks;
}
