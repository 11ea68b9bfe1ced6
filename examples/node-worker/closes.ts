/**
 * The worker's clock: candle closes on the UTC grid and a timer that fires a little after each one.
 */
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';

/**
 * The latest candle close at or before `ms`: closes lie on the UTC grid of the timeframe (a 15m candle opened at
 * 10:00 closes at 10:15, when the next one opens).
 *
 * @example
 * ```ts
 * new Date(lastClose(Date.parse('2025-03-01T10:07Z'), '15m')).toISOString() // => '2025-03-01T10:00:00.000Z'
 * ```
 */
export function lastClose(ms: number, timeframe: Timeframe): number {
  const interval = timeframeMs(timeframe);
  return Math.floor(ms / interval) * interval;
}

/**
 * Calls `onTick(boundary)` `delayMs` after every multiple of `periodMs` (epoch-aligned: every 15 minutes on the quarter
 * hour), from the next one on, until the returned function is called. The next timer is armed from the clock after
 * each tick, so a slow tick or a clock step never makes the timer drift; a boundary is never ticked twice.
 *
 * @example
 * ```ts
 * const stop = every(900_000, 5000, Date.now, (close) => console.log('closed', new Date(close)))
 * // ... 10:15:05 => closed 10:15, 10:30:05 => closed 10:30, ...
 * stop()
 * ```
 */
export function every(periodMs: number, delayMs: number, clock: () => number, onTick: (boundary: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const arm = (after: number) => {
    const now = Math.max(clock(), after);
    const boundary = Math.floor((now - delayMs) / periodMs) * periodMs + periodMs;
    timer = setTimeout(() => {
      if (stopped) return;
      onTick(boundary);
      arm(boundary + delayMs);
    }, boundary + delayMs - clock());
  };
  arm(-Infinity);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
