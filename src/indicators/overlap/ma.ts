import { InvalidParameterError } from '../../core/errors.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta, UpdatableStream } from '../types.js';
import { SmaStream, smaSeeded } from './sma.js';
import { EmaStream, emaSeeded, emaK } from './ema.js';
import { WmaStream, wmaInto } from './wma.js';
import { DemaStream, demaSeeded } from './dema.js';
import { TemaStream, temaSeeded } from './tema.js';
import { TrimaStream, trimaInto } from './trima.js';
import { KamaStream, kamaInto } from './kama.js';
import { T3Stream, t3Into } from './t3.js';
import { MamaStream, mamaInto, mamaLookback } from './mama.js';

/** TA-Lib's moving-average types (`TA_MAType`), used by MA, BBANDS, STOCH, MACDEXT, APO, PPO, STOCHRSI and MAVP. */
export const MAType = { SMA: 0, EMA: 1, WMA: 2, DEMA: 3, TEMA: 4, TRIMA: 5, KAMA: 6, MAMA: 7, T3: 8 } as const;
/** A TA-Lib moving-average type number, 0 (SMA) to 8 (T3). */
export type MATypeValue = (typeof MAType)[keyof typeof MAType];

/** The parameter spec shared by every indicator that takes an MA type. */
export const maTypeParam = (name: string, talib: string, def = 0) =>
  ({ name, talib, default: def, min: 0, max: 8, integer: true }) as const;

/** The volume factor TA-Lib's `TA_MA` uses for T3. */
const T3_MA_VFACTOR = 0.7;

/** The limits TA-Lib's `TA_MA` uses for MAMA (which ignores the period). */
const MAMA_FAST_LIMIT = 0.5;
const MAMA_SLOW_LIMIT = 0.05;

/** The MAMA line of a {@link MamaStream} with TA-Lib's `TA_MA` limits, as a single-output stream. */
class MamaLineStream extends BaseStream<[number], number> {
  private readonly inner = new MamaStream(MAMA_FAST_LIMIT, MAMA_SLOW_LIMIT);

  constructor() {
    super('MA_MAMA', []);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return this.inner.pending;
  }

  /** {@link MamaLineStream.next} without the input check, for composites. */
  update(x: number): number {
    return this.inner.update(x).mama;
  }
}

/** A moving-average stream as a composite drives it. */
type MovingAverageUpdater = BaseStream<[number], number> & UpdatableStream;

/** One moving-average kind: its lookback, its batch kernel over `src[start..]`, and its stream. */
interface MovingAverageKind {
  lookback(period: number): number;
  into(src: Float64Array, start: number, period: number, out: Float64Array): void;
  stream(period: number): MovingAverageUpdater;
}

const KINDS: Record<MATypeValue, MovingAverageKind> = {
  [MAType.SMA]: { lookback: (p) => p - 1, into: smaSeeded, stream: (p) => new SmaStream(p) },
  [MAType.EMA]: {
    lookback: (p) => p - 1,
    into: (src, start, p, out) => emaSeeded(src, start, p, emaK(p), out),
    stream: (p) => new EmaStream(p),
  },
  [MAType.WMA]: { lookback: (p) => p - 1, into: wmaInto, stream: (p) => new WmaStream(p) },
  [MAType.DEMA]: { lookback: (p) => 2 * (p - 1), into: demaSeeded, stream: (p) => new DemaStream(p) },
  [MAType.TEMA]: { lookback: (p) => 3 * (p - 1), into: temaSeeded, stream: (p) => new TemaStream(p) },
  [MAType.TRIMA]: { lookback: (p) => p - 1, into: trimaInto, stream: (p) => new TrimaStream(p) },
  [MAType.KAMA]: { lookback: (p) => p, into: kamaInto, stream: (p) => new KamaStream(p) },
  [MAType.MAMA]: {
    lookback: () => mamaLookback(),
    into: (src, start, _p, out) => mamaInto(src, start, MAMA_FAST_LIMIT, MAMA_SLOW_LIMIT, out, new Float64Array(src.length)),
    stream: () => new MamaLineStream(),
  },
  [MAType.T3]: {
    lookback: (p) => 6 * (p - 1),
    into: (src, start, p, out) => t3Into(src, start, p, T3_MA_VFACTOR, out),
    stream: (p) => new T3Stream(p, T3_MA_VFACTOR),
  },
};

function kind(maType: number): MovingAverageKind {
  const k = Number.isInteger(maType) ? (KINDS[maType as MATypeValue] as MovingAverageKind | undefined) : undefined;
  if (k === undefined) throw new InvalidParameterError('maType', `must be an integer in [0, 8], got ${String(maType)}`);
  return k;
}

/** Metadata of {@link movingAverage} (TA-Lib's `MA`). */
export const maMeta: IndicatorMeta = defineMeta({
  name: 'MA',
  group: 'overlap',
  description: 'Moving average of any TA-Lib type',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 30, min: 1, max: 100000, integer: true },
    maTypeParam('maType', 'optInMAType'),
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => maLookback(p.period!, p.maType!),
});

/** TA-Lib's `TA_MA_Lookback`: 0 for period 1 (a copy), else the lookback of the chosen type. */
export function maLookback(period: number, maType: number): number {
  return period === 1 ? 0 : kind(maType).lookback(period);
}

/**
 * Writes the moving average of `src[start..]` into `out` (from index `start + maLookback(period, maType)` on), as
 * TA-Lib's `TA_MA` does when a composite indicator calls it on an intermediate series whose first defined value is
 * at `start`. TA-Lib's `TA_MA(startIdx = S)` on a full series equals `maInto(src, S - maLookback(period, maType), ...)`
 * for every type: each MA, EMA seeds included, starts exactly its lookback before S. Period 1 copies the input.
 */
export function maInto(src: Float64Array, start: number, period: number, maType: number, out: Float64Array): void {
  if (period === 1) {
    kind(maType);
    for (let i = start; i < src.length; i++) out[i] = src[i]!;
    return;
  }
  kind(maType).into(src, start, period, out);
}

/**
 * TA-Lib's `MA`: the moving average of type `maType` (see {@link MAType}); period 1 returns a copy.
 *
 * @example
 * ```ts
 * movingAverage(close, 20, MAType.EMA) // same as ema(close, 20)
 * ```
 */
export function movingAverage(real: Float64Array, period = 30, maType: number = MAType.SMA): Float64Array {
  checkParams(maMeta, period, maType);
  const n = checkSeries('MA', real);
  const out = nanArray(n);
  maInto(real, 0, period, maType, out);
  return out;
}

/** Streaming {@link movingAverage}; period 1 passes values through. */
export class MovingAverageStream extends BaseStream<[number], number> {
  private readonly inner: MovingAverageUpdater | undefined;

  constructor(
    readonly period = 30,
    readonly maType: number = MAType.SMA,
  ) {
    super('MA', [period, maType]);
    checkParams(maMeta, period, maType);
    const k = kind(maType);
    if (period > 1) this.inner = k.stream(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return this.inner === undefined ? 0 : this.inner.pending;
  }

  /** {@link MovingAverageStream.next} without the input check, for composites. */
  update(x: number): number {
    return this.inner === undefined ? x : this.inner.update(x);
  }

  protected override stateRules(): StateRules {
    return { period: FIXED, maType: FIXED };
  }
}

/** MA as a uniform {@link IndicatorDefinition}. */
export const MA = defineIndicator(
  maMeta,
  ([real], p) => movingAverage(real!, p.period, p.maType),
  (p) => new MovingAverageStream(p.period, p.maType),
);
