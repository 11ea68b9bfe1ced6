import { batched, type Formula } from '../formula.js';
import { col } from '../columns.js';
import { previousPeriodBound, previousPeriodKernel } from '../kernels/pivots.js';
import type { CalendarPeriod, FeatureDef } from '../types.js';

/** A pivot level from the previous period's high, low and close. */
type Level = (h: number, l: number, c: number) => number;

interface LevelDef {
  /** Name part after `pivot_`, before the period suffix. */
  readonly id: string;
  /** The level's formula, as written in the description. */
  readonly text: string;
  readonly level: Level;
}

const pp = (h: number, l: number, c: number): number => (h + l + c) / 3;
const woodiePp = (h: number, l: number, c: number): number => (h + l + 2 * c) / 4;

/**
 * Standard (floor-trader) pivots: PP = (H + L + C) / 3, R1 = 2PP - L, S1 = 2PP - H, R2 = PP + (H - L),
 * S2 = PP - (H - L), R3 = H + 2(PP - L), S3 = L - 2(H - PP).
 */
const STANDARD: readonly LevelDef[] = [
  { id: 'pp', text: 'PP = (H + L + C) / 3', level: pp },
  { id: 'r1', text: 'R1 = 2PP - L', level: (h, l, c) => 2 * pp(h, l, c) - l },
  { id: 'r2', text: 'R2 = PP + (H - L)', level: (h, l, c) => pp(h, l, c) + (h - l) },
  { id: 'r3', text: 'R3 = H + 2(PP - L)', level: (h, l, c) => h + 2 * (pp(h, l, c) - l) },
  { id: 's1', text: 'S1 = 2PP - H', level: (h, l, c) => 2 * pp(h, l, c) - h },
  { id: 's2', text: 'S2 = PP - (H - L)', level: (h, l, c) => pp(h, l, c) - (h - l) },
  { id: 's3', text: 'S3 = L - 2(H - PP)', level: (h, l, c) => l - 2 * (h - pp(h, l, c)) },
];

/**
 * Camarilla pivots (Nick Scott, 1989): H_k = C + (H - L) * 1.1 / d_k and L_k = C - (H - L) * 1.1 / d_k with
 * d = 12, 6, 4, 2 for k = 1..4. The levels are symmetric around the previous close, so the Camarilla centre
 * is taken as C itself (the close-based convention); the typical-price centre (H + L + C) / 3 is already the
 * standard PP.
 */
const CAMARILLA: readonly LevelDef[] = [
  { id: 'cam_pp', text: 'Camarilla centre = C', level: (_h, _l, c) => c },
  ...[12, 6, 4, 2].flatMap((d, k): LevelDef[] => [
    { id: `cam_h${k + 1}`, text: `Camarilla H${k + 1} = C + (H - L) * 1.1 / ${d}`, level: (h, l, c) => c + ((h - l) * 1.1) / d },
    { id: `cam_l${k + 1}`, text: `Camarilla L${k + 1} = C - (H - L) * 1.1 / ${d}`, level: (h, l, c) => c - ((h - l) * 1.1) / d },
  ]),
];

/** Woodie pivots: PP = (H + L + 2C) / 4, R1 = 2PP - L, S1 = 2PP - H, R2 = PP + (H - L), S2 = PP - (H - L). */
const WOODIE: readonly LevelDef[] = [
  { id: 'woodie_pp', text: 'Woodie PP = (H + L + 2C) / 4', level: woodiePp },
  { id: 'woodie_r1', text: 'Woodie R1 = 2PP - L', level: (h, l, c) => 2 * woodiePp(h, l, c) - l },
  { id: 'woodie_r2', text: 'Woodie R2 = PP + (H - L)', level: (h, l, c) => woodiePp(h, l, c) + (h - l) },
  { id: 'woodie_s1', text: 'Woodie S1 = 2PP - H', level: (h, l, c) => 2 * woodiePp(h, l, c) - h },
  { id: 'woodie_s2', text: 'Woodie S2 = PP - (H - L)', level: (h, l, c) => woodiePp(h, l, c) - (h - l) },
];

const SUFFIX: Record<CalendarPeriod, string> = { day: 'd', week: 'w' };
const PERIOD_TEXT: Record<CalendarPeriod, string> = { day: 'UTC day', week: 'UTC week (from Monday)' };

/**
 * The scale-free distance of the close to each pivot level of a period: (close - level) / close, where H, L, C
 * are the high, low and last close of the previous completed period (see `previousPeriodKernel` for the exact
 * completeness rules). Named `pivot_<level>_<d|w>`.
 */
function pivotFeatures(period: CalendarPeriod, levels: readonly LevelDef[]): FeatureDef[] {
  const kernel = previousPeriodKernel(period);
  const columns = ['close', col(kernel, 'high'), col(kernel, 'low'), col(kernel, 'close')];
  const lookback = previousPeriodBound(period);
  return levels.map(({ id, text, level }): FeatureDef => {
    const formula: Formula = (cols, i) => {
      const close = cols[0]![i]!;
      return (close - level(cols[1]![i]!, cols[2]![i]!, cols[3]![i]!)) / close;
    };
    // H, L, C change once a period: the level is computed again only when they do (the same numbers in, the same out).
    batched(formula, (cols, out, n) => {
      const [close, high, low, last] = cols as [Float64Array, Float64Array, Float64Array, Float64Array];
      let h = NaN;
      let l = NaN;
      let c = NaN;
      let value = NaN;
      for (let i = 0; i < n; i++) {
        if (high[i] !== h || low[i] !== l || last[i] !== c) {
          h = high[i]!;
          l = low[i]!;
          c = last[i]!;
          value = level(h, l, c);
        }
        const x = close[i]!;
        out[i] = (x - value) / x;
      }
    });
    return {
      name: `pivot_${id}_${SUFFIX[period]}`,
      group: 'pivot',
      scale: 'ratio',
      description: `(close - level) / close for the pivot level ${text}, from the previous completed ${PERIOD_TEXT[period]}'s H, L, C`,
      lookback,
      calendar: period,
      kernels: [kernel],
      columns,
      formula,
    };
  });
}

/**
 * Pivot-point features: the distance of the close to the standard, Camarilla and Woodie levels of the previous
 * completed UTC day (21) and to the standard levels of the previous completed UTC week (7), each as
 * (close - level) / close.
 *
 * Lookback (`calendar` 'day' or 'week'): the values are defined from the first candle of the second period that
 * starts in the series (the first one may be partial), so after at most two periods minus one candle, 2P - 1 with
 * P the candles per period: 191 (daily) and 1343 (weekly) on 15m, 47 and 335 on 1h, 1 and 13 on 1d
 * (`featureLookback(name, timeframe)`). `lookback` is the 1m count, 2879 and 20159, which holds on every timeframe.
 *
 * References: standard pivots as in J. L. Person, "A Complete Guide to Technical Trading Tactics" (Wiley,
 * 2004); the Camarilla equation by Nick Scott (1989); Woodie pivots by Ken Wood.
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['pivot_pp_d', 'pivot_cam_h3_d', 'pivot_r1_w'] })
 * featureLookback('pivot_pp_d', '15m') // => 191
 * ```
 */
export const PIVOTS_FEATURES: readonly FeatureDef[] = [
  ...pivotFeatures('day', [...STANDARD, ...CAMARILLA, ...WOODIE]),
  ...pivotFeatures('week', STANDARD),
];
