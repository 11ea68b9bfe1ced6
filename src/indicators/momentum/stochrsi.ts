import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { MAType, maLookback, maTypeParam } from '../overlap/ma.js';
import { RsiStream, rsi } from './rsi.js';
import { StochfStream, stochfInto, type StochFastResult, type StochFastSeries } from './stochf.js';

/** Metadata of {@link stochrsi}. */
export const stochrsiMeta: IndicatorMeta = defineMeta({
  name: 'STOCHRSI',
  group: 'momentum',
  description: 'Stochastic RSI: the fast stochastic of the RSI series',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true },
    { name: 'fastKPeriod', talib: 'optInFastK_Period', default: 5, min: 1, max: 100000, integer: true },
    { name: 'fastDPeriod', talib: 'optInFastD_Period', default: 3, min: 1, max: 100000, integer: true },
    maTypeParam('fastDMaType', 'optInFastD_MAType'),
  ],
  outputs: [
    { name: 'fastK', talib: 'outFastK' },
    { name: 'fastD', talib: 'outFastD' },
  ],
  lookback: (p) => p.period! + p.fastKPeriod! - 1 + maLookback(p.fastDPeriod!, p.fastDMaType!),
});

/**
 * Stochastic RSI, exactly as TA-Lib's `TA_STOCHRSI`: the fast stochastic (TA-Lib's STOCHF) applied to the RSI
 * series as high, low and close: %K = (RSI - min RSI) / ((max RSI - min RSI) / 100) over `fastKPeriod` RSI values
 * (0 when the range is 0), %D = MA(%K) of type `fastDMaType` over `fastDPeriod`. Outputs start at
 * `period + fastKPeriod - 1 + lookback(%D)`. A NaN input poisons the RSI and so every later value.
 *
 * Reference: Tushar Chande and Stanley Kroll, "The New Technical Trader" (1994); TA-Lib `ta_STOCHRSI.c`.
 *
 * @example
 * ```ts
 * const { fastK, fastD } = stochrsi(close, 14, 5, 3, MAType.SMA)
 * ```
 */
export function stochrsi(real: Float64Array, period = 14, fastKPeriod = 5, fastDPeriod = 3, fastDMaType: number = MAType.SMA): StochFastSeries {
  checkParams(stochrsiMeta, period, fastKPeriod, fastDPeriod, fastDMaType);
  const n = checkSeries('STOCHRSI', real);
  const fastK = new Float64Array(n);
  const fastD = new Float64Array(n);
  const r = rsi(real, period);
  stochfInto(r, r, r, period, fastKPeriod, fastDPeriod, fastDMaType, fastK, fastD);
  return { fastK, fastD };
}

/** Streaming {@link stochrsi}: an {@link RsiStream} feeding a {@link StochfStream} once the RSI is defined. */
export class StochrsiStream extends BaseStream<[number], StochFastResult> {
  private index = 0;
  private readonly rsi: RsiStream;
  private readonly stoch: StochfStream;
  private readonly result: StochFastResult = { fastK: NaN, fastD: NaN };

  constructor(
    readonly period = 14,
    readonly fastKPeriod = 5,
    readonly fastDPeriod = 3,
    readonly fastDMaType: number = MAType.SMA,
  ) {
    super('STOCHRSI', [period, fastKPeriod, fastDPeriod, fastDMaType]);
    checkParams(stochrsiMeta, period, fastKPeriod, fastDPeriod, fastDMaType);
    this.rsi = new RsiStream(period);
    this.stoch = new StochfStream(fastKPeriod, fastDPeriod, fastDMaType);
  }

  next(x: number): StochFastResult {
    const r = this.rsi.update(finiteInput(x, this.indicator));
    if (this.index < this.period) {
      this.index++;
      return this.result;
    }
    const s = this.stoch.update(r, r, r);
    this.result.fastK = s.fastK;
    this.result.fastD = s.fastD;
    return this.result;
  }

  protected override stateRules(): StateRules {
    return { ...fixed('period', 'fastKPeriod', 'fastDPeriod', 'fastDMaType'), index: stagedCounter(this.period, [this.period, 0, this.rsi.pending]) };
  }
}

/** STOCHRSI as a uniform {@link IndicatorDefinition}. */
export const STOCHRSI = defineIndicator(
  stochrsiMeta,
  ([real], p) => stochrsi(real!, p.period, p.fastKPeriod, p.fastDPeriod, p.fastDMaType),
  (p) => new StochrsiStream(p.period, p.fastKPeriod, p.fastDPeriod, p.fastDMaType),
);
