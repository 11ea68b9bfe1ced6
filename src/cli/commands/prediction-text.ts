/** Predictions as text lines (shared by predict and batch-predict). */
import type { Prediction } from '../../pipeline/types.js';

const DIRECTION = { '1': 'up', '-1': 'down', '0': 'flat' } as const;

/**
 * One line per prediction: market, horizon, the candle predicted from and the one predicted, direction, pUp,
 * confidence, size and the model version (a fallback marked).
 *
 * @example
 * ```ts
 * predictionLine(p) // => 'BTC 15m h1: 2024-01-05T09:45:00.000Z -> 2024-01-05T10:00:00.000Z up p=0.5310 confidence 0.531 size 0.000 (model v2)'
 * ```
 */
export function predictionLine(p: Prediction): string {
  const fallback = p.fallback ? ', fallback' : '';
  return `${p.symbol} ${p.timeframe} h${p.horizon}: ${p.ts.toISOString()} -> ${p.targetTs.toISOString()} ${DIRECTION[String(p.direction) as keyof typeof DIRECTION]} p=${p.pUp.toFixed(4)} confidence ${p.confidence.toFixed(3)} size ${p.size.toFixed(3)} (model v${p.modelVersion}${fallback})`;
}
