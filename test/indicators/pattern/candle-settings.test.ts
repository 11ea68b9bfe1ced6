/**
 * The candle settings mechanism: TA-Lib's defaults (checked against TA-Lib C), the `candleSettings` option of the
 * pattern functions and streams (partial overrides, per call, no global state, kept through toJSON/fromJSON), and its
 * typed errors.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, StateError } from '../../../src/core/errors.js';
import {
  CANDLE_SETTING_NAMES,
  DEFAULT_CANDLE_SETTINGS,
  type CandlePatternOptions,
  type CandleSetting,
  type CandleSettingName,
} from '../../../src/indicators/kernels/candle-settings.js';
import { CdlDarkCloudCoverStream, cdlDarkCloudCover, cdlDoji, CdlDojiStream, CdlHammerStream } from '../../../src/indicators/index.js';
import { PATTERN_INDICATORS } from '../../../src/indicators/pattern/index.js';
import { runTalib } from '../talib-oracle.js';
import { patternFns, streamOutputs, candleAt } from './pattern-fns.js';
import { richSeries } from './rich-series.js';
import { talibWithSettings } from './talib-settings.js';

const S = richSeries(11, 1200);
const D = DEFAULT_CANDLE_SETTINGS;
const fnsOf = (name: string) => patternFns(PATTERN_INDICATORS.find((d) => d.meta.name === name)!);
const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));

/** A pattern reading each setting (TA-Lib 0.6 reads bodyVeryLong nowhere). */
const READER: Readonly<Partial<Record<CandleSettingName, string>>> = {
  bodyLong: 'CDLBELTHOLD',
  bodyShort: 'CDLHARAMI',
  bodyDoji: 'CDLDOJI',
  shadowLong: 'CDLHAMMER',
  shadowVeryLong: 'CDLHIGHWAVE',
  shadowShort: 'CDLADVANCEBLOCK',
  shadowVeryShort: 'CDLBELTHOLD',
  near: 'CDLHAMMER',
  far: 'CDL3WHITESOLDIERS',
  equal: 'CDLCOUNTERATTACK',
};

describe('DEFAULT_CANDLE_SETTINGS', () => {
  const readers = Object.entries(READER) as [CandleSettingName, string][];

  it.each(readers)("%s is TA-Lib's default: setting it explicitly to ours changes nothing in TA-Lib C, another value does", (setting, name) => {
    const other: CandleSetting = { ...D[setting], factor: 0, avgPeriod: D[setting].avgPeriod === 0 ? 0 : 3 };
    const [plain, explicit, changed] = talibWithSettings([
      { name, series: S },
      { name, series: S, settings: { [setting]: D[setting] } },
      { name, series: S, settings: { [setting]: other } },
    ]);
    same(explicit!, plain!);
    expect(Array.from(changed!), 'the setting matters on this series').not.toEqual(Array.from(plain!));
    same(fnsOf(name).batch(S), plain!);
    same(fnsOf(name).batch(S, { candleSettings: { [setting]: other } }), changed!);
  });

  it('bodyVeryLong, which no TA-Lib 0.6 function reads, is ta_global.c\'s: real body, 10, 3', () => {
    expect(D.bodyVeryLong).toEqual({ rangeType: 'realBody', avgPeriod: 10, factor: 3 });
    expect(CANDLE_SETTING_NAMES).toHaveLength(11);
  });

  it('is frozen (a caller cannot change the defaults of every other caller)', () => {
    expect(Object.isFrozen(D)).toBe(true);
    for (const k of CANDLE_SETTING_NAMES) expect(Object.isFrozen(D[k])).toBe(true);
  });
});

describe('the candleSettings option', () => {
  it('a partial override keeps the other fields at their defaults', () => {
    const [full] = talibWithSettings([{ name: 'CDLDOJI', series: S, settings: { bodyDoji: { rangeType: 'highLow', avgPeriod: 10, factor: 0.05 } } }]);
    same(cdlDoji(S.open, S.high, S.low, S.close, { candleSettings: { bodyDoji: { factor: 0.05 } } }), full!);
  });

  it('follows the definition of a setting: factor × the mean range of the avgPeriod candles before (halved for shadows), or the candle\'s own range', () => {
    // an independent reference on 0.25-grid prices, where every sum is exact
    const range = { realBody: (i: number) => Math.abs(S.close[i]! - S.open[i]!), highLow: (i: number) => S.high[i]! - S.low[i]!, shadows: (i: number) => S.high[i]! - S.low[i]! - Math.abs(S.close[i]! - S.open[i]!) };
    for (const rangeType of ['realBody', 'highLow', 'shadows'] as const) {
      for (const avgPeriod of [0, 1, 5]) {
        const factor = 0.5;
        const got = cdlDoji(S.open, S.high, S.low, S.close, { candleSettings: { bodyDoji: { rangeType, avgPeriod, factor } } });
        for (let i = 0; i < S.close.length; i++) {
          let mean = range[rangeType](i);
          if (avgPeriod > 0) {
            mean = 0;
            for (let j = i - avgPeriod; j < i; j++) mean += range[rangeType](j) / avgPeriod;
          }
          const want = i < avgPeriod ? NaN : range.realBody(i) <= (factor * mean) / (rangeType === 'shadows' ? 2 : 1) ? 100 : 0;
          if (!Object.is(got[i], want)) throw new Error(`${rangeType} ${avgPeriod}: [${i}] = ${got[i]}, expected ${want}`);
        }
      }
    }
  });

  it('sets the lookback (the leading NaN) by the settings a pattern reads', () => {
    const out = cdlDoji(S.open, S.high, S.low, S.close, { candleSettings: { bodyDoji: { avgPeriod: 3 } } });
    expect(out.findIndex((v) => !Number.isNaN(v))).toBe(3);
    const hammer = fnsOf('CDLHAMMER').batch(S, { candleSettings: { near: { avgPeriod: 25 } } });
    expect(hammer.findIndex((v) => !Number.isNaN(v))).toBe(26);
  });

  it('is per call and per stream: there is no global state', () => {
    const options: CandlePatternOptions = { candleSettings: { bodyDoji: { factor: 0.5 } } };
    const wide = cdlDoji(S.open, S.high, S.low, S.close, options);
    const plain = cdlDoji(S.open, S.high, S.low, S.close);
    expect(Array.from(wide)).not.toEqual(Array.from(plain));
    same(cdlDoji(S.open, S.high, S.low, S.close), runTalib(fnsOf('CDLDOJI').def.meta, S as never, {}).outputs.value!);
    const a = new CdlDojiStream(options);
    const b = new CdlDojiStream();
    for (let i = 0; i < S.close.length; i++) {
      expect(a.next(candleAt(S, i))).toBe(wide[i]);
      expect(b.next(candleAt(S, i))).toBe(plain[i]);
    }
  });

  it('keeps a stream\'s settings and running sums through toJSON/fromJSON, in a canonical form', () => {
    const options = { candleSettings: { near: { avgPeriod: 3 }, bodyShort: { factor: 0.8 } } };
    const stream = new CdlHammerStream(options);
    for (let i = 0; i < 50; i++) stream.next(candleAt(S, i));
    const json = JSON.parse(JSON.stringify(stream.toJSON())) as { args: unknown[]; state: Record<string, unknown> };
    expect(json.args).toEqual([
      { candleSettings: { bodyShort: { rangeType: 'realBody', avgPeriod: 10, factor: 0.8 }, near: { rangeType: 'highLow', avgPeriod: 3, factor: 0.2 } } },
    ]);
    expect(json.state.sums).toHaveLength(4);
    const restored = CdlHammerStream.fromJSON(json);
    const reference = fnsOf('CDLHAMMER').batch(S, options);
    for (let i = 50; i < S.close.length; i++) expect(restored.next(candleAt(S, i))).toBe(reference[i]);
    same(streamOutputs(fnsOf('CDLHAMMER'), S, options), reference);
  });

  it('refuses a restore whose settings are not valid settings (StateError naming the field)', () => {
    const stream = new CdlDojiStream({ candleSettings: { bodyDoji: { avgPeriod: 4 } } });
    const json = JSON.parse(JSON.stringify(stream.toJSON())) as { args: [{ candleSettings: { bodyDoji: { avgPeriod: number } } }] };
    json.args[0].candleSettings.bodyDoji.avgPeriod = -4;
    let caught: unknown;
    try {
      CdlDojiStream.fromJSON(json);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StateError);
    expect((caught as StateError).message).toContain('CDLDOJI.candleSettings.bodyDoji.avgPeriod');
  });

  it('a penetration stream keeps its penetration and settings as its arguments', () => {
    const stream = new CdlDarkCloudCoverStream(0.25, { candleSettings: { bodyLong: { avgPeriod: 2 } } });
    const reference = cdlDarkCloudCover(S.open, S.high, S.low, S.close, 0.25, { candleSettings: { bodyLong: { avgPeriod: 2 } } });
    for (let i = 0; i < 40; i++) stream.next(candleAt(S, i));
    const restored = CdlDarkCloudCoverStream.fromJSON(JSON.parse(JSON.stringify(stream.toJSON())));
    expect(restored.toJSON().args[0]).toBe(0.25);
    for (let i = 40; i < S.close.length; i++) expect(restored.next(candleAt(S, i))).toBe(reference[i]);
  });
});

type Bad = readonly [label: string, options: unknown, parameter: string, message: string];

const BAD_OPTIONS: readonly Bad[] = [
  ['options null', null, 'CDLDOJI.options', 'expected an object of options, got null'],
  ['options a number', 5, 'CDLDOJI.options', 'got 5'],
  ['options an array', [], 'CDLDOJI.options', 'expected an object of options'],
  ['an unknown option', { candleSetting: {} }, 'CDLDOJI.options.candleSetting', 'unknown option; expected candleSettings'],
  ['candleSettings null', { candleSettings: null }, 'CDLDOJI.candleSettings', 'expected an object of candle settings, got null'],
  ['candleSettings a string', { candleSettings: 'bodyDoji' }, 'CDLDOJI.candleSettings', 'expected an object of candle settings'],
  ['an unknown setting', { candleSettings: { bodyHuge: {} } }, 'CDLDOJI.candleSettings.bodyHuge', 'unknown candle setting; expected one of bodyLong'],
  ['a TA-Lib-cased setting', { candleSettings: { BodyDoji: {} } }, 'CDLDOJI.candleSettings.BodyDoji', 'unknown candle setting'],
  ['a setting that is a number', { candleSettings: { bodyDoji: 0.1 } }, 'CDLDOJI.candleSettings.bodyDoji', 'expected an object of rangeType, avgPeriod, factor, got 0.1'],
  ['an unknown field', { candleSettings: { bodyDoji: { period: 3 } } }, 'CDLDOJI.candleSettings.bodyDoji.period', 'unknown field; expected one of rangeType, avgPeriod, factor'],
  ['a range type outside the three', { candleSettings: { bodyDoji: { rangeType: 'body' } } }, 'CDLDOJI.candleSettings.bodyDoji.rangeType', 'must be one of realBody, highLow, shadows, got "body"'],
  ['a negative avgPeriod', { candleSettings: { bodyDoji: { avgPeriod: -1 } } }, 'CDLDOJI.candleSettings.bodyDoji.avgPeriod', 'must be an integer in [0, 100000], got -1'],
  ['a fractional avgPeriod', { candleSettings: { bodyDoji: { avgPeriod: 2.5 } } }, 'CDLDOJI.candleSettings.bodyDoji.avgPeriod', 'got 2.5'],
  ['an avgPeriod above 100000', { candleSettings: { bodyDoji: { avgPeriod: 100001 } } }, 'CDLDOJI.candleSettings.bodyDoji.avgPeriod', 'got 100001'],
  ['a NaN avgPeriod', { candleSettings: { bodyDoji: { avgPeriod: NaN } } }, 'CDLDOJI.candleSettings.bodyDoji.avgPeriod', 'got NaN'],
  ['an avgPeriod string', { candleSettings: { bodyDoji: { avgPeriod: '10' } } }, 'CDLDOJI.candleSettings.bodyDoji.avgPeriod', 'got "10"'],
  ['a negative factor', { candleSettings: { bodyDoji: { factor: -0.1 } } }, 'CDLDOJI.candleSettings.bodyDoji.factor', 'must be a number in [0, 3e+37], got -0.1'],
  ['a NaN factor', { candleSettings: { bodyDoji: { factor: NaN } } }, 'CDLDOJI.candleSettings.bodyDoji.factor', 'got NaN'],
  ['an infinite factor', { candleSettings: { bodyDoji: { factor: Infinity } } }, 'CDLDOJI.candleSettings.bodyDoji.factor', 'got Infinity'],
  ['a factor string', { candleSettings: { bodyDoji: { factor: '0.1' } } }, 'CDLDOJI.candleSettings.bodyDoji.factor', 'got "0.1"'],
];

function expectInvalid(fn: () => unknown, parameter: string, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvalidParameterError);
  const e = caught as InvalidParameterError;
  expect(e.code).toBe('INVALID_PARAMETER');
  expect(e.parameter).toBe(parameter);
  expect(e.message).toContain(message);
}

describe('bad options are InvalidParameterErrors naming the pattern and the option', () => {
  it.each(BAD_OPTIONS)('%s (batch)', (_label, options, parameter, message) => {
    expectInvalid(() => cdlDoji(S.open, S.high, S.low, S.close, options as CandlePatternOptions), parameter, message);
  });

  it.each(BAD_OPTIONS)('%s (stream constructor)', (_label, options, parameter, message) => {
    expectInvalid(() => new CdlDojiStream(options as CandlePatternOptions), parameter, message);
  });

  const BAD_PENETRATION: readonly (readonly [string, unknown, string])[] = [
    ['negative', -0.1, 'got -0.1'],
    ['NaN', NaN, 'got NaN'],
    ['infinite', Infinity, 'got Infinity'],
    ['a string', '0.5', 'got "0.5"'],
  ];
  it.each(BAD_PENETRATION)('a %s penetration (batch and stream)', (_label, penetration, message) => {
    const p = penetration as number;
    expectInvalid(() => cdlDarkCloudCover(S.open, S.high, S.low, S.close, p), 'CDLDARKCLOUDCOVER.penetration', message);
    expectInvalid(() => new CdlDarkCloudCoverStream(p), 'CDLDARKCLOUDCOVER.penetration', message);
  });
});

it('an explicit undefined option or setting is no override', () => {
  const plain = cdlDoji(S.open, S.high, S.low, S.close);
  same(cdlDoji(S.open, S.high, S.low, S.close, { candleSettings: undefined }), plain);
  same(cdlDoji(S.open, S.high, S.low, S.close, { candleSettings: { bodyDoji: undefined } }), plain);
  expect(new CdlDojiStream({ candleSettings: {} }).toJSON().args).toEqual([{}]);
});

