/**
 * The hand-built case of each pattern, as in its TSDoc example: after 12 quiet candles (open 10, high 11.5, low 9.5,
 * close 11: body 1, range 2), the pattern's candles ([open, high, low, close]); the last one gives `expected`.
 */
export const QUIET = [10, 11.5, 9.5, 11] as const;

export interface PatternCase {
  readonly name: string;
  readonly candles: readonly (readonly [number, number, number, number])[];
  readonly expected: number;
}

export const CASES: readonly PatternCase[] = [
  { name: 'CDL2CROWS', candles: [[11, 14.2, 10.8, 14], [15.5, 15.7, 14.6, 14.8], [15.2, 15.3, 11.8, 12]], expected: -100 },
  { name: 'CDL3BLACKCROWS', candles: [[11.3, 11.4, 10.45, 10.5], [11, 11.05, 9.95, 10], [10.5, 10.55, 9.35, 9.4]], expected: -100 },
  { name: 'CDL3INSIDE', candles: [[10, 13.2, 9.8, 13], [12, 12.2, 11.3, 11.5], [11.8, 11.9, 9.4, 9.5]], expected: -100 },
  { name: 'CDL3LINESTRIKE', candles: [[11, 12.1, 10.9, 12], [11.8, 13.1, 11.7, 13], [12.5, 14.1, 12.4, 14], [14.5, 14.6, 10.4, 10.5]], expected: 100 },
  { name: 'CDL3OUTSIDE', candles: [[11, 11.1, 10.4, 10.5], [10.3, 11.5, 10.2, 11.4], [11.4, 12.1, 11.3, 12]], expected: 100 },
  { name: 'CDL3STARSINSOUTH', candles: [[13, 13.1, 8.5, 11], [12, 12.1, 9.5, 11], [11, 11.1, 10.1, 10.2]], expected: 100 },
  { name: 'CDL3WHITESOLDIERS', candles: [[11, 12.55, 10.9, 12.5], [12, 13.65, 11.9, 13.6], [13.2, 14.85, 13.1, 14.8]], expected: 100 },
  { name: 'CDLABANDONEDBABY', candles: [[10, 13.1, 9.9, 13], [13.5, 13.6, 13.4, 13.52], [13.2, 13.3, 11.4, 11.5]], expected: -100 },
  { name: 'CDLADVANCEBLOCK', candles: [[10, 13.2, 9.9, 13], [12.5, 14, 12.4, 13.7], [13.2, 14.5, 13.1, 14]], expected: -100 },
  { name: 'CDLBELTHOLD', candles: [[10, 12.8, 9.95, 12.5]], expected: 100 },
  { name: 'CDLBREAKAWAY', candles: [[12, 12.1, 9.9, 10], [9.5, 9.6, 8.9, 9], [9.2, 9.4, 8.5, 8.8], [9, 9.1, 8.1, 8.3], [8.4, 9.9, 8.3, 9.8]], expected: 100 },
  { name: 'CDLCLOSINGMARUBOZU', candles: [[10, 12.55, 9.6, 12.5]], expected: 100 },
  { name: 'CDLCONCEALBABYSWALL', candles: [[12, 12.05, 10.95, 11], [10.8, 10.85, 9.75, 9.8], [9.5, 10, 9.1, 9.2], [10.2, 10.3, 8.7, 8.8]], expected: 100 },
  { name: 'CDLCOUNTERATTACK', candles: [[12, 12.1, 9.9, 10], [8.5, 10.1, 8.4, 10.05]], expected: 100 },
  { name: 'CDLDARKCLOUDCOVER', candles: [[10, 12.1, 9.9, 12], [12.3, 12.4, 10.7, 10.8]], expected: -100 },
  { name: 'CDLDOJI', candles: [[10.5, 11.2, 9.8, 10.52]], expected: 100 },
  { name: 'CDLDOJISTAR', candles: [[10, 12.1, 9.9, 12], [12.3, 12.6, 12.1, 12.31]], expected: -100 },
  { name: 'CDLDRAGONFLYDOJI', candles: [[11, 11.05, 10, 11.02]], expected: 100 },
  { name: 'CDLENGULFING', candles: [[11, 11.1, 10.4, 10.5], [10.3, 11.4, 10.2, 11.3]], expected: 100 },
  { name: 'CDLEVENINGDOJISTAR', candles: [[10, 12.1, 9.9, 12], [12.5, 12.7, 12.3, 12.51], [12.2, 12.3, 10.7, 10.8]], expected: -100 },
  { name: 'CDLEVENINGSTAR', candles: [[10, 12.1, 9.9, 12], [12.5, 12.9, 12.4, 12.8], [12.2, 12.3, 10.7, 10.8]], expected: -100 },
  { name: 'CDLGAPSIDESIDEWHITE', candles: [[10, 11.2, 9.9, 11], [11.5, 12.4, 11.4, 12.3], [11.55, 12.5, 11.5, 12.4]], expected: 100 },
  { name: 'CDLGRAVESTONEDOJI', candles: [[10, 11, 9.99, 10.02]], expected: 100 },
  { name: 'CDLHAMMER', candles: [[9.8, 9.95, 9, 9.9]], expected: 100 },
  { name: 'CDLHANGINGMAN', candles: [[11.4, 11.55, 10.6, 11.5]], expected: -100 },
  { name: 'CDLHARAMI', candles: [[10, 12.6, 9.9, 12.5], [11.5, 11.6, 10.9, 11]], expected: -100 },
  { name: 'CDLHARAMICROSS', candles: [[10, 12.6, 9.9, 12.5], [11.2, 11.5, 11, 11.21]], expected: -100 },
  { name: 'CDLHIGHWAVE', candles: [[10.5, 11.5, 9.8, 10.7]], expected: 100 },
  { name: 'CDLHIKKAKE', candles: [[10, 11.2, 9.8, 10.5], [10, 11, 9.6, 10.2], [10.5, 11.5, 10.4, 11.3]], expected: 200 },
  { name: 'CDLHIKKAKEMOD', candles: [[10, 12, 9, 11], [10.5, 11.5, 9.5, 9.7], [10.5, 11, 10, 10.6], [10.4, 10.8, 9.8, 10.5], [10, 11.4, 9.9, 11.2]], expected: 200 },
];
