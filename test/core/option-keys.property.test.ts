/**
 * Property test of the option checks (issue 13, item 10) in every entry point of candles, resample, labels and
 * calibration metrics that takes an options object: any unknown key is an `InvalidParameterError` naming
 * `options.<key>` and listing the known keys; any non-object options value is one naming `options`; the known keys
 * alone pass the key check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candlesFromRows, validateCandles } from '../../src/core/candles.js';
import { resample } from '../../src/core/resample.js';
import { InvalidParameterError } from '../../src/core/errors.js';
import { fixedHorizonLabels, holdoutSplit, metaLabels, purgedKFoldSplits, tripleBarrierLabels, walkForwardSplits } from '../../src/labels/index.js';
import { logLoss, rmse, rocAuc } from '../../src/calibration/metrics.js';
import { candles15m } from './hostile.js';

const c = candles15m(8);
const rows = Array.from(c.time, (t, i) => ({ ts: t, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
const barrier = { horizon: 2, profitTake: 1, stopLoss: 1, volatility: new Float64Array(8).fill(0.01) };

/** Each entry point: the keys it knows, valid options using them, and the call with given options. */
const ENTRY_POINTS: Record<string, { known: readonly string[]; valid: object; call: (options: never) => unknown }> = {
  candlesFromRows: { known: ['timeframe', 'gaps', 'timeUnit'], valid: { timeframe: '15m', gaps: 'error', timeUnit: 'ms' }, call: (o) => candlesFromRows(rows, o) },
  validateCandles: { known: ['timeframe', 'gaps'], valid: { timeframe: '15m', gaps: 'allow' }, call: (o) => validateCandles(c, o) },
  resample: { known: ['partial'], valid: { partial: true }, call: (o) => resample(c, '15m', '1h', o) },
  fixedHorizonLabels: { known: ['horizon', 'deadZone', 'deadZoneAs'], valid: { horizon: 2, deadZone: 0, deadZoneAs: 'class' }, call: (o) => fixedHorizonLabels(c.close, o) },
  tripleBarrierLabels: { known: ['horizon', 'profitTake', 'stopLoss', 'volatility'], valid: barrier, call: (o) => tripleBarrierLabels(c, o) },
  metaLabels: { known: ['horizon', 'profitTake', 'stopLoss', 'volatility'], valid: barrier, call: (o) => metaLabels(new Float64Array(8).fill(1), c, o) },
  walkForwardSplits: { known: ['n', 'trainSize', 'testSize', 'mode', 'step', 't1', 'embargo'], valid: { n: 10, trainSize: 4, testSize: 2, mode: 'rolling', step: 1 }, call: (o) => walkForwardSplits(o) },
  purgedKFoldSplits: { known: ['n', 'k', 't1', 'embargo'], valid: { n: 10, k: 3, embargo: 1 }, call: (o) => purgedKFoldSplits(o) },
  holdoutSplit: { known: ['n', 'fraction', 't1', 'embargo'], valid: { n: 10, fraction: 0.2 }, call: (o) => holdoutSplit(o) },
  rocAuc: { known: ['validate'], valid: { validate: true }, call: (o) => rocAuc([0, 1], [0.2, 0.8], undefined, o) },
  logLoss: { known: ['validate'], valid: { validate: false }, call: (o) => logLoss([0, 1], [0.2, 0.8], undefined, o) },
  rmse: { known: ['validate'], valid: { validate: true }, call: (o) => rmse([0, 1], [0.2, 0.8], undefined, o) },
};

const names = Object.keys(ENTRY_POINTS);
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('option checks of every entry point', () => {
  it('reject any unknown key, naming it and listing the known ones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ minLength: 1, maxLength: 30 }), fc.anything(), (name, key, value) => {
        const { known, valid, call } = ENTRY_POINTS[name]!;
        fc.pre(!known.includes(key) && key !== '__proto__');
        const e = caught(() => call({ ...valid, [key]: value } as never));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe(`options.${key}`);
        expect((e as Error).message).toContain(`known: ${known.join(', ')}`);
      }),
      { numRuns: 400 },
    );
  });

  it('reject options that are no plain object', () => {
    const notObject = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.array(fc.anything()), fc.constant(new Float64Array(2)));
    fc.assert(
      fc.property(fc.constantFrom(...names), notObject, (name, options) => {
        const e = caught(() => ENTRY_POINTS[name]!.call(options as never));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe('options');
      }),
      { numRuns: 200 },
    );
  });

  it.each(names)('%s accepts its known keys', (name) => {
    const { valid, call } = ENTRY_POINTS[name]!;
    expect(() => call(valid as never)).not.toThrow();
  });
});
