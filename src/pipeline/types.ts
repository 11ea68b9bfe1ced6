/** The shapes the pipeline hands out: markets and predictions. */
import type { StoreTimeframe } from '../store/schema.js';

/** One market the pipeline serves: a symbol at a timeframe (one active model each). */
export interface Market {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
}

/**
 * The system's six markets: BTC, ETH and SOL at 15m and 1h.
 *
 * @example
 * ```ts
 * DEFAULT_MARKETS.map((m) => `${m.symbol} ${m.timeframe}`) // => ['BTC 15m', 'BTC 1h', 'ETH 15m', 'ETH 1h', 'SOL 15m', 'SOL 1h']
 * ```
 */
export const DEFAULT_MARKETS: readonly Market[] = Object.freeze(
  ['BTC', 'ETH', 'SOL'].flatMap((symbol) => (['15m', '1h'] as const).map((timeframe) => Object.freeze({ symbol, timeframe }))),
);

/**
 * A calibrated, sized prediction of the move from the close of candle `ts` to the close of candle `targetTs`
 * (`horizon` candles later). Its fields are those of the store's `PredictionInput`, plus `fallback`.
 */
export interface Prediction {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  /** Open time of the latest closed candle the prediction was made from. */
  readonly ts: Date;
  /** Open time of the predicted candle: `ts + horizon` candles. */
  readonly targetTs: Date;
  /** Candles ahead. */
  readonly horizon: number;
  /** Calibrated probability that close(targetTs) > close(ts). */
  readonly pUp: number;
  /** 1 (up) when pUp > 0.5, -1 (down) when pUp < 0.5, 0 at exactly 0.5. */
  readonly direction: -1 | 0 | 1;
  /** max(pUp, 1 - pUp), in [0.5, 1]. */
  readonly confidence: number;
  /** Position size from the sizing policy, >= 0 (0 below the confidence threshold). */
  readonly size: number;
  /** The model version that served this prediction. */
  readonly modelVersion: number;
  /** Each ensemble member's probability (before combination and calibration). */
  readonly members: Readonly<Record<string, number>>;
  /** true when the active version failed and the previous one served. */
  readonly fallback: boolean;
}
