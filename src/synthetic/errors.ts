import { AlphaError } from '../core/errors.js';
import type { Timeframe } from '../core/timeframe.js';
import { seriesPath } from './series-checks.js';

/**
 * Thrown by {@link alignCandles} when a symbol's candles are not on the requested timeframe: a series tagged with
 * another timeframe (a `CandleSeries`), a candle time off the timeframe grid, or a series whose candles are never one
 * timeframe apart (a coarser series, such as 1h candles passed as 15m ones).
 *
 * @example
 * ```ts
 * try { alignCandles({ BTC: btc15m, ETH: eth1h }, { timeframe: '15m' }) }
 * catch (e) { if (e instanceof TimeframeMismatchError) console.log(e.symbol) } // 'ETH'
 * ```
 */
export class TimeframeMismatchError extends AlphaError {
  constructor(
    /** The symbol whose candles do not fit. */
    readonly symbol: string,
    /** The timeframe asked for. */
    readonly expected: Timeframe,
    detail: string,
  ) {
    super('TIMEFRAME_MISMATCH', `${seriesPath('', symbol)}: not ${expected} candles: ${detail}`);
  }
}
