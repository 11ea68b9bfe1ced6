import { batched, type Formula } from '../formula.js';
import type { FeatureDef, FeatureScale } from '../types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TAU = 2 * Math.PI;

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** UTC hour of the candle's open time, 0..23. */
function hourOfDay(time: number): number {
  return Math.floor(mod(time, DAY_MS) / HOUR_MS);
}

/** UTC day of the week of the candle's open time, 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday, 4). */
function dayOfWeek(time: number): number {
  return mod(Math.floor(time / DAY_MS) + 4, 7);
}

const entry = (name: string, scale: FeatureScale, description: string, formula: Formula): FeatureDef => ({
  name,
  group: 'time',
  scale,
  description,
  lookback: 0,
  kernels: [],
  columns: ['time'],
  formula,
});

/** A function of the UTC hour of the open time (one literal for the hour features, one for the day ones: see `batched`). */
const ofHour = (name: string, scale: FeatureScale, description: string, map: (hour: number) => number): FeatureDef => {
  const formula: Formula = (c, i) => map(hourOfDay(c[0]![i]!));
  batched(formula, (c, out, n) => {
    for (let i = 0; i < n; i++) out[i] = formula(c, i);
  });
  return entry(name, scale, description, formula);
};

/** A function of the UTC day of the week of the open time. */
const ofDay = (name: string, scale: FeatureScale, description: string, map: (day: number) => number): FeatureDef => {
  const formula: Formula = (c, i) => map(dayOfWeek(c[0]![i]!));
  batched(formula, (c, out, n) => {
    for (let i = 0; i < n; i++) out[i] = formula(c, i);
  });
  return entry(name, scale, description, formula);
};

/**
 * Calendar features of the candle's open time, in UTC (group 'time'). Each is a function of the candle's own open
 * time, so it needs no history: lookback 0 on every timeframe (on 1d candles the hour is always 0):
 *
 * - `hour_of_day` h = floor((time mod 86 400 000) / 3 600 000), 0..23, with `hour_sin` = sin(2π h / 24) and
 *   `hour_cos` = cos(2π h / 24) (cyclic: 23h sits next to 0h);
 * - `day_of_week` d = (floor(time / 86 400 000) + 4) mod 7, 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday),
 *   with `dow_sin` = sin(2π d / 7) and `dow_cos` = cos(2π d / 7);
 * - `is_weekend` = 1 on Saturday and Sunday (UTC), else 0.
 *
 * @example
 * ```ts
 * // 2024-03-01T13:15:00Z, a Friday
 * computeFeatures(candles, { features: ['hour_of_day', 'day_of_week'] }) // 13, 5
 * ```
 */
export const TIME_FEATURES: readonly FeatureDef[] = [
  ofHour('hour_of_day', 'count', 'UTC hour of the candle open, 0..23', (h) => h),
  ofHour('hour_sin', 'oscillator', 'sin(2π hour / 24), UTC hour of the candle open', (h) => Math.sin((TAU * h) / 24)),
  ofHour('hour_cos', 'oscillator', 'cos(2π hour / 24), UTC hour of the candle open', (h) => Math.cos((TAU * h) / 24)),
  ofDay('day_of_week', 'count', 'UTC day of the week of the candle open, 0 = Sunday .. 6 = Saturday', (d) => d),
  ofDay('dow_sin', 'oscillator', 'sin(2π day / 7), UTC day of the week (0 = Sunday)', (d) => Math.sin((TAU * d) / 7)),
  ofDay('dow_cos', 'oscillator', 'cos(2π day / 7), UTC day of the week (0 = Sunday)', (d) => Math.cos((TAU * d) / 7)),
  ofDay('is_weekend', 'count', '1 on Saturday or Sunday (UTC), else 0', (d) => (d === 0 || d === 6 ? 1 : 0)),
];
