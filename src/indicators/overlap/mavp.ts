import { InvalidParameterError } from '../../core/errors.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { MAType, MovingAverageStream, maInto, maLookback, maTypeParam } from './ma.js';

/** Metadata of {@link mavp}. */
export const mavpMeta: IndicatorMeta = defineMeta({
  name: 'MAVP',
  group: 'overlap',
  description: 'Moving average with a variable period given per bar',
  inputs: ['real', 'periods'],
  params: [
    { name: 'minPeriod', talib: 'optInMinPeriod', default: 2, min: 2, max: 100000, integer: true },
    { name: 'maxPeriod', talib: 'optInMaxPeriod', default: 30, min: 2, max: 100000, integer: true },
    maTypeParam('maType', 'optInMAType'),
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => maLookback(p.maxPeriod!, p.maType!),
});

function checkMavp(minPeriod: number, maxPeriod: number, maType: number): void {
  checkParams(mavpMeta, minPeriod, maxPeriod, maType);
  if (minPeriod > maxPeriod) throw new InvalidParameterError('MAVP.minPeriod', `must not exceed maxPeriod (${maxPeriod}), got ${minPeriod}`);
}

/**
 * The period used for one bar, as TA-Lib computes it on x86-64: the value truncated toward zero by C's (int) cast,
 * where NaN, infinities and values beyond the int32 range become INT_MIN, then clamped into [min, max]
 * (so those, like any value below min, give min).
 */
function clampPeriod(value: number, minPeriod: number, maxPeriod: number): number {
  const p = Math.trunc(value);
  if (!(p <= 2147483647) || p < minPeriod) return minPeriod;
  return p > maxPeriod ? maxPeriod : p;
}

/**
 * Moving average with a variable period, exactly as TA-Lib's `TA_MAVP`: out_t = MA_{p_t}(x)_t, where p_t is
 * `periods[t]` truncated to an integer and clamped into [minPeriod, maxPeriod] (NaN, infinite and out-of-int32 periods
 * give minPeriod, as C's cast does on x86-64), and MA_p is TA-Lib's MA of type
 * `maType` computed as `TA_MA` does when asked for output from index L = lookback(maxPeriod) on: started at
 * L - lookback(p), so every period's MA (EMA seeds included) begins where the longest one needs to.
 * Each distinct period is computed once. NaN until index L; a NaN in `real` propagates as in the chosen MA.
 * Unlike TA-Lib, `minPeriod > maxPeriod` is rejected (TA-Lib then returns values shifted to the wrong bars).
 *
 * Reference: TA-Lib `ta_MAVP.c`.
 *
 * @example
 * ```ts
 * mavp(close, periods, 2, 30, MAType.EMA)
 * ```
 */
export function mavp(real: Float64Array, periods: Float64Array, minPeriod = 2, maxPeriod = 30, maType: number = MAType.SMA): Float64Array {
  checkMavp(minPeriod, maxPeriod, maType);
  const n = checkSeries('MAVP', real, periods);
  const out = nanArray(n);
  const lookback = maLookback(maxPeriod, maType);
  if (n <= lookback) return out;
  const clamped = new Int32Array(n);
  for (let i = lookback; i < n; i++) clamped[i] = clampPeriod(periods[i]!, minPeriod, maxPeriod);
  const done = new Uint8Array(maxPeriod + 1);
  const ma = new Float64Array(n);
  for (let i = lookback; i < n; i++) {
    const p = clamped[i]!;
    if (done[p] === 1) continue;
    done[p] = 1;
    maInto(real, lookback - maLookback(p, maType), p, maType, ma);
    for (let j = i; j < n; j++) if (clamped[j] === p) out[j] = ma[j]!;
  }
  return out;
}

/** The most values the per-period windows of a {@link MavpStream} may hold together (32 MB). */
const MAVP_STREAM_VALUES = 1 << 22;

/**
 * Streaming {@link mavp}: one {@link MovingAverageStream} per period in [minPeriod, maxPeriod], each started on
 * the bar the batch starts it, all updated every bar (so memory and time per bar grow with the period range).
 * The per-period streams are own fields `ma<period>`, so peek and JSON state cover them. Their windows hold
 * about Σ p values; a range needing more than 2^22 (4,194,304) is rejected, as the batch function needs no such
 * buffers.
 */
export class MavpStream extends BaseStream<[number, number], number> {
  private readonly streams: MovingAverageStream[] = [];
  private readonly starts: Int32Array;
  private readonly values: Float64Array;
  private readonly lookback: number;
  private count = 0;

  constructor(
    readonly minPeriod = 2,
    readonly maxPeriod = 30,
    readonly maType: number = MAType.SMA,
  ) {
    super('MAVP', [minPeriod, maxPeriod, maType]);
    checkMavp(minPeriod, maxPeriod, maType);
    const size = maxPeriod - minPeriod + 1;
    const values = (size * (minPeriod + maxPeriod)) / 2;
    if (values > MAVP_STREAM_VALUES) {
      throw new InvalidParameterError('MAVP.maxPeriod', `a stream over periods ${minPeriod}..${maxPeriod} would keep ${values} values (at most ${MAVP_STREAM_VALUES}); narrow the range`);
    }
    this.lookback = maLookback(maxPeriod, maType);
    this.starts = new Int32Array(size);
    this.values = new Float64Array(size).fill(NaN);
    for (let k = 0; k < size; k++) {
      const p = minPeriod + k;
      const stream = new MovingAverageStream(p, maType);
      this.streams.push(stream);
      (this as unknown as Record<string, unknown>)[`ma${p}`] = stream;
      this.starts[k] = this.lookback - maLookback(p, maType);
    }
  }

  next(x: number, period: number): number {
    finiteInput(x, this.indicator);
    finiteInput(period, this.indicator, 'periods');
    const count = this.count;
    if (count < this.lookback) this.count++;
    const streams = this.streams;
    for (let k = 0; k < streams.length; k++) if (count >= this.starts[k]!) this.values[k] = streams[k]!.update(x);
    if (count < this.lookback) return NaN;
    return this.values[clampPeriod(period, this.minPeriod, this.maxPeriod) - this.minPeriod]!;
  }

  protected override stateRules(): StateRules {
    return { minPeriod: FIXED, maxPeriod: FIXED, maType: FIXED, lookback: FIXED, starts: FIXED, count: int(0, this.lookback) };
  }
}

/** MAVP as a uniform {@link IndicatorDefinition}. */
export const MAVP = defineIndicator(
  mavpMeta,
  ([real, periods], p) => mavp(real!, periods!, p.minPeriod, p.maxPeriod, p.maType),
  (p) => new MavpStream(p.minPeriod, p.maxPeriod, p.maType),
);
