import { TIMEFRAMES } from '../src/core/timeframe.js';
import { FEATURES, featureLookback } from '../src/features/index.js';
import type { CalendarPeriod, FeatureSpec, TalibRef } from '../src/features/types.js';

function talibText(t: TalibRef | undefined): string {
  if (t === undefined) return '-';
  const opts = Object.entries(t.options).map(([k, v]) => `${k.replace(/^optIn/, '')}=${v}`).join(', ');
  const inputs = t.inputs ? ` on ${Object.entries(t.inputs).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
  return `\`${t.fn}(${opts})${t.output ? `.${t.output}` : ''}\`${inputs}`;
}

function lookbackText(f: FeatureSpec): string {
  return f.calendar === undefined ? String(f.lookback) : `${f.lookback} ([calendar: ${f.calendar}](#lookback-on-every-timeframe))`;
}

/** The per-timeframe lookback of the calendar features: one row per calendar period, from `featureLookback`. */
function calendarTable(): string[] {
  const periods = [...new Set(FEATURES.map((f) => f.calendar).filter((c): c is CalendarPeriod => c !== undefined))];
  return [
    `| calendar | features | ${TIMEFRAMES.join(' | ')} |`,
    `| --- | --- | ${TIMEFRAMES.map(() => '---').join(' | ')} |`,
    ...periods.map((period) => {
      const specs = FEATURES.filter((f) => f.calendar === period);
      return `| ${period} | ${specs.length} (\`${specs[0]!.name}\` ...) | ${TIMEFRAMES.map((tf) => featureLookback(specs[0]!, tf)).join(' | ')} |`;
    }),
  ];
}

/** Why each kind of degenerate candle or window gets the value it gets (the formulas are in the catalogue below). */
const DEFINED_VALUES = [
  '## Defined values',
  '',
  'After its lookback, every single-asset feature is defined (neither NaN nor ±Infinity) on every valid candle series,',
  'flat candles (open = high = low = close), flat windows and zero-volume candles included: the test suite checks it',
  'on real-market-shaped series (prices near 1e-3 and 1e5, one candle in five flat, runs of zero volume, filled gaps)',
  'and on a series entirely flat and one entirely without volume. One exception: a feature with a TA-Lib equivalent is',
  'NaN where TA-Lib is, to stay exact; that happens for `imi_14` over 14 candles that all close at their open (TA-Lib',
  'divides 0 by 0). What a flat or silent market would leave undefined gets a value a quant would read the same way:',
  '',
  '| case | features | value | why |',
  '| --- | --- | --- | --- |',
  '| a part of a zero range | `body_ratio`, `upper_wick_ratio`, `lower_wick_ratio` | 0 | a flat candle has no body and no wicks: each part is 0 long, so 0 of the range. |',
  '| a position in a zero range | `close_position`, `bbands_percent_b_*`, `fib_position_*`, `vp_va_position_96` | 0.5 | the close is at the range\'s only level, as much its top as its bottom: 0.5, the middle, is the neutral position (neither near the high nor near the low). A zero-width Bollinger band means every close of the window is equal: the close is the middle band, which %B puts at 0.5. |',
  '| zero volume before the candle | `volume_change` | volume / V - 1, V the last non-zero volume before it; 0 while none | the change is measured against the last candle that traded: a run without trades reads -1 (100% below it) and the first trade after it a finite change, where volume / 0 would be infinite or 0 / 0 undefined. On candles after a traded one, V is the previous volume: those values are unchanged. |',
  '| a window without any volume | `vp_poc_96`, `vp_vah_96`, `vp_val_96`, `vp_va_width_96`, `vp_va_position_96` | the time profile | with no volume to weigh, every candle weighs 1 (Steidlmayer\'s time-price-opportunity profile): the point of control is where the price spent the most time. |',
  '',
  'Every "x / range" formula goes through one helper (`src/features/ratio.ts`), so the rule is the same in every',
  'group, in batch and in streaming alike.',
];

/** docs/features.md, generated from the catalogue (`npm run docs`; test/docs.test.ts fails when it is stale). */
export function featureDocs(): string {
  const groups = [...new Set(FEATURES.map((f) => f.group))];
  const lines = [
    '# Feature catalogue',
    '',
    '<!-- Generated from the catalogue by `npm run docs`; test/docs.test.ts fails when this file is out of date. -->',
    '',
    `${FEATURES.length} features. Each name is stable, snake_case and equal to its database column name. \`lookback\` is the`,
    'number of candles before the first defined value, on every timeframe (see [Lookback on every timeframe](#lookback-on-every-timeframe)).',
    'A TA-Lib equivalent, where given, is checked for exact parity by the test suite. Every feature at candle t uses only',
    'candles at or before t (tested at random cut points), and streaming equals batch bit for bit.',
    '',
    `Groups: ${groups.map((g) => `[${g}](#${g.replace(/_/g, '-')})`).join(' · ')}`,
    '',
    '## Lookback on every timeframe',
    '',
    `\`lookback\` holds on every timeframe the library accepts (${TIMEFRAMES.join(', ')}): from that index on, every value is`,
    "defined on a series without gaps (or with its gaps filled by `gaps: 'fill'`), whatever its start time. For every",
    'feature without a `calendar` it counts candles, the same on every timeframe, and is exact: the value at index',
    '`lookback` is the first defined one.',
    '',
    "A `calendar` feature (the daily and weekly pivots) reads the previous completed UTC day (from 00:00) or week (from",
    'Monday 00:00), and only a period the series holds whole. Its first value is at the first candle of the second period',
    'that starts in the series: P candles in (P the candles per period) on a series starting on a period boundary, 2P - 1',
    'on one starting one candle after a boundary, the worst case. `featureLookback(name, timeframe)` gives that worst case',
    'for a timeframe, and `lookback` is the largest of them (the 1m one):',
    '',
    ...calendarTable(),
    '',
    'The other features keyed to time need no calendar warm-up: the time features are functions of the candle\'s own open',
    'time (lookback 0 on every timeframe), and the volume-profile and Fibonacci windows count candles (96 and 288: a day',
    'and three days of 15m candles, 96 and 288 minutes of 1m candles), not hours.',
    '',
    ...DEFINED_VALUES,
  ];
  for (const g of groups) {
    lines.push('', `## ${g.replace(/_/g, '-')}`, '', '| name | formula | scale | lookback | TA-Lib equivalent |', '| --- | --- | --- | --- | --- |');
    for (const f of FEATURES.filter((x) => x.group === g)) {
      lines.push(`| \`${f.name}\` | ${f.description.replace(/\|/g, '\\|')} | ${f.scale} | ${lookbackText(f)} | ${talibText(f.talib)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
