import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { fixed, type StateRules } from '../../core/stream.js';
import { MAType, MovingAverageStream, maInto, maLookback, maTypeParam } from '../overlap/ma.js';
import { MACD_OUTPUTS, MacdEngineStream, macdOutputs, type MacdSeries } from './macd.js';

/** Metadata of {@link macdext}. */
export const macdextMeta: IndicatorMeta = defineMeta({
  name: 'MACDEXT',
  group: 'momentum',
  description: 'MACD with a selectable moving-average type for the fast, slow and signal lines',
  inputs: ['real'],
  params: [
    { name: 'fastPeriod', talib: 'optInFastPeriod', default: 12, min: 2, max: 100000, integer: true },
    maTypeParam('fastMaType', 'optInFastMAType'),
    { name: 'slowPeriod', talib: 'optInSlowPeriod', default: 26, min: 2, max: 100000, integer: true },
    maTypeParam('slowMaType', 'optInSlowMAType'),
    { name: 'signalPeriod', talib: 'optInSignalPeriod', default: 9, min: 1, max: 100000, integer: true },
    maTypeParam('signalMaType', 'optInSignalMAType'),
  ],
  outputs: MACD_OUTPUTS,
  lookback: (p) => macdextLayout(p.fastPeriod!, p.fastMaType!, p.slowPeriod!, p.slowMaType!, p.signalPeriod!, p.signalMaType!).lookback,
});

/**
 * Where each MACDEXT line starts: the fast and slow averages (swapped with their types when
 * `slowPeriod < fastPeriod`) both end their warm-up at `lineStart`, the larger of their lookbacks, so the one
 * with the shorter lookback is fed from a later index; the signal average starts at `lineStart`.
 */
function macdextLayout(fastPeriod: number, fastMaType: number, slowPeriod: number, slowMaType: number, signalPeriod: number, signalMaType: number) {
  const swap = slowPeriod < fastPeriod;
  const fast = swap ? { period: slowPeriod, maType: slowMaType } : { period: fastPeriod, maType: fastMaType };
  const slow = swap ? { period: fastPeriod, maType: fastMaType } : { period: slowPeriod, maType: slowMaType };
  const fastLookback = maLookback(fast.period, fast.maType);
  const slowLookback = maLookback(slow.period, slow.maType);
  const lineStart = Math.max(fastLookback, slowLookback);
  return {
    fast,
    slow,
    fastStart: lineStart - fastLookback,
    slowStart: lineStart - slowLookback,
    lineStart,
    lookback: lineStart + maLookback(signalPeriod, signalMaType),
  };
}

/**
 * MACD with selectable moving averages, exactly as TA-Lib's `TA_MACDEXT`: MACD = MA_fast - MA_slow,
 * signal = MA_signal(MACD), hist = MACD - signal, each MA of any {@link MAType}. As in TA-Lib, the average with
 * the shorter lookback starts later so that both end their warm-up together (which changes its values for the
 * recursive types: EMA, DEMA, TEMA, KAMA, MAMA, T3). Periods and types are swapped when `slowPeriod < fastPeriod`.
 * Outputs start at `max(lookback fast, lookback slow) + lookback signal`. A NaN input propagates as in the
 * chosen averages (every later value for the recursive ones, a window for SMA/WMA/TRIMA).
 *
 * Reference: TA-Lib `ta_MACDEXT.c`.
 *
 * @example
 * ```ts
 * const { macd: line, signal, hist } = macdext(close, 12, MAType.EMA, 26, MAType.EMA, 9, MAType.SMA)
 * ```
 */
export function macdext(
  real: Float64Array,
  fastPeriod = 12,
  fastMaType: number = MAType.SMA,
  slowPeriod = 26,
  slowMaType: number = MAType.SMA,
  signalPeriod = 9,
  signalMaType: number = MAType.SMA,
): MacdSeries {
  checkParams(macdextMeta, fastPeriod, fastMaType, slowPeriod, slowMaType, signalPeriod, signalMaType);
  const n = checkSeries('MACDEXT', real);
  const layout = macdextLayout(fastPeriod, fastMaType, slowPeriod, slowMaType, signalPeriod, signalMaType);
  const { lineStart, lookback } = layout;
  const out = macdOutputs(n, lookback);
  if (n <= lookback) return out;
  const { macd: line, signal, hist } = out;
  // hist holds the slow average until the histogram overwrites it
  maInto(real, layout.slowStart, layout.slow.period, layout.slow.maType, hist);
  maInto(real, layout.fastStart, layout.fast.period, layout.fast.maType, line);
  for (let i = lineStart; i < n; i++) line[i] = line[i]! - hist[i]!;
  maInto(line, lineStart, signalPeriod, signalMaType, signal);
  line.fill(NaN, lineStart, lookback);
  hist.fill(NaN, lineStart, lookback);
  for (let i = lookback; i < n; i++) hist[i] = line[i]! - signal[i]!;
  return out;
}

/** Streaming {@link macdext}: three {@link MovingAverageStream}s fed from the same indexes as the batch. */
export class MacdextStream extends MacdEngineStream {
  constructor(
    readonly fastPeriod = 12,
    readonly fastMaType: number = MAType.SMA,
    readonly slowPeriod = 26,
    readonly slowMaType: number = MAType.SMA,
    readonly signalPeriod = 9,
    readonly signalMaType: number = MAType.SMA,
  ) {
    checkParams(macdextMeta, fastPeriod, fastMaType, slowPeriod, slowMaType, signalPeriod, signalMaType);
    const l = macdextLayout(fastPeriod, fastMaType, slowPeriod, slowMaType, signalPeriod, signalMaType);
    super(
      'MACDEXT',
      [fastPeriod, fastMaType, slowPeriod, slowMaType, signalPeriod, signalMaType],
      new MovingAverageStream(l.fast.period, l.fast.maType),
      l.fastStart,
      new MovingAverageStream(l.slow.period, l.slow.maType),
      l.slowStart,
      new MovingAverageStream(signalPeriod, signalMaType),
      l.lineStart,
      l.lookback,
    );
  }

  protected override stateRules(): StateRules {
    return { ...super.stateRules(), ...fixed('fastPeriod', 'fastMaType', 'slowPeriod', 'slowMaType', 'signalPeriod', 'signalMaType') };
  }
}

/** MACDEXT as a uniform {@link IndicatorDefinition}. */
export const MACDEXT = defineIndicator(
  macdextMeta,
  ([real], p) => macdext(real!, p.fastPeriod, p.fastMaType, p.slowPeriod, p.slowMaType, p.signalPeriod, p.signalMaType),
  (p) => new MacdextStream(p.fastPeriod, p.fastMaType, p.slowPeriod, p.slowMaType, p.signalPeriod, p.signalMaType),
);
