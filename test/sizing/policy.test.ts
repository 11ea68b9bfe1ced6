import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZING_CONFIG } from '../../src/sizing/config.js';
import { createSizingPolicy, type SizingInput } from '../../src/sizing/policy.js';
import { any, expectInvalid, type InvalidCase } from './helpers.js';

const policy = createSizingPolicy();

describe('createSizingPolicy: known values (default config: quarter Kelly, threshold 0.55, payoff 1)', () => {
  it('p = 0.6: Kelly 0.6 - 0.4 = 0.2, a quarter of it 0.05, long', () => {
    const d = policy.size({ pUp: 0.6 });
    expect(d.direction).toBe(1);
    expect(d.confidence).toBe(0.6);
    expect(d.kelly).toBeCloseTo(0.2, 15);
    expect(d.size).toBeCloseTo(0.05, 15);
    expect([d.volatilityScale, d.throttle, d.capped]).toEqual([1, 1, 'none']);
  });

  it('p = 0.4: the same bet on the down side', () => {
    const d = policy.size({ pUp: 0.4 });
    expect(d.direction).toBe(-1);
    expect(d.confidence).toBe(0.6);
    expect(d.size).toBeCloseTo(0.05, 15);
  });

  it('p = 0.6 with payoff 2: Kelly 0.6 - 0.4 / 2 = 0.4, size 0.1', () => {
    const d = policy.size({ pUp: 0.6, payoff: 2 });
    expect(d.kelly).toBeCloseTo(0.4, 15);
    expect(d.size).toBeCloseTo(0.1, 15);
  });

  it('p = 0.5: no direction, no size', () => {
    expect(policy.size({ pUp: 0.5 })).toEqual({ direction: 0, confidence: 0.5, size: 0, kelly: 0, volatilityScale: 1, throttle: 1, capped: 'none' });
    expect(policy.size({ pUp: 0.5, payoff: 3 }).size).toBe(0);
  });

  it('below the threshold the size is 0 (p = 0.53, 0.47), at it the Kelly bet is taken (p = 0.55: 0.25 * 0.1)', () => {
    expect(policy.size({ pUp: 0.53 }).size).toBe(0);
    expect(policy.size({ pUp: 0.47 }).size).toBe(0);
    expect(policy.size({ pUp: 0.55 }).size).toBeCloseTo(0.025, 15);
  });

  it('a bet with the edge against it (payoff 0.5 at p = 0.6: 0.6 - 0.8 < 0) gets Kelly 0 and size 0', () => {
    const d = policy.size({ pUp: 0.6, payoff: 0.5 });
    expect([d.kelly, d.size, d.direction]).toEqual([0, 0, 1]);
  });

  it('the worked example of docs/sizing.md, by hand: (0.62 - 0.38 / 1.2) * 0.25 * (0.5 / 0.8) * (0.25 - 0.15) / 0.15', () => {
    const d = policy.size({ pUp: 0.62, payoff: 1.2, volatility: 0.8, drawdown: 0.15, exposure: { symbol: 0.1, gross: 0.5 } });
    const kelly = 0.62 - 0.38 / 1.2;
    expect(d.kelly).toBeCloseTo(kelly, 14);
    expect(d.volatilityScale).toBe(0.625);
    expect(d.throttle).toBeCloseTo(2 / 3, 14);
    expect(d.size).toBeCloseTo(kelly * 0.25 * 0.625 * (2 / 3), 14);
    expect(d.capped).toBe('none');
  });

  it('volatility: twice the 0.5 target halves the size; 0 gives maxScale; none leaves it alone', () => {
    expect(policy.size({ pUp: 0.6, volatility: 1 }).size).toBeCloseTo(0.025, 15);
    expect(policy.size({ pUp: 0.6, volatility: 0 }).volatilityScale).toBe(1);
    expect(createSizingPolicy({ maxScale: 3 }).size({ pUp: 0.6, volatility: 0 }).size).toBeCloseTo(0.15, 15);
    expect(createSizingPolicy({ maxScale: 3 }).size({ pUp: 0.6, volatility: 0.25 }).size).toBeCloseTo(0.1, 15);
  });

  it('drawdown: full size to 10%, half at 17.5%, none from 25%', () => {
    expect(policy.size({ pUp: 0.6, drawdown: 0.1 }).size).toBeCloseTo(0.05, 15);
    expect(policy.size({ pUp: 0.6, drawdown: 0.175 }).size).toBeCloseTo(0.025, 14);
    const stopped = policy.size({ pUp: 0.6, drawdown: 0.25 });
    expect([stopped.size, stopped.throttle, stopped.capped]).toEqual([0, 0, 'none']);
  });
});

describe('createSizingPolicy: caps', () => {
  // Full Kelly at p = 0.9, payoff 1: 0.8 before the caps.
  const full = (config = {}) => createSizingPolicy({ kelly: 1, maxLeverage: 3, maxSymbolExposure: 3, ...config });

  it('the position cap', () => {
    expect(full({ maxPosition: 0.3 }).size({ pUp: 0.9 })).toMatchObject({ size: 0.3, capped: 'position' });
  });

  it('the per-symbol cap: holding 0.5 long under a cap of 1 leaves 0.5', () => {
    expect(full({ maxSymbolExposure: 1 }).size({ pUp: 0.9, exposure: { symbol: 0.5 } })).toMatchObject({ size: 0.5, capped: 'symbol' });
  });

  it('the per-symbol cap counts an opposite position: short 0.5 under a cap of 1 leaves 1.5 to buy, so the Kelly size stands', () => {
    const d = full({ maxSymbolExposure: 1 }).size({ pUp: 0.9, exposure: { symbol: -0.5 } });
    expect(d.size).toBeCloseTo(0.8, 15);
    expect(d.capped).toBe('none');
  });

  it('the leverage cap: 0.9 gross elsewhere under a cap of 1 leaves 0.1', () => {
    const d = full({ maxLeverage: 1 }).size({ pUp: 0.9, exposure: { symbol: 0, gross: 0.9 } });
    expect(d.size).toBeCloseTo(0.1, 15);
    expect(d.capped).toBe('leverage');
  });

  it('the leverage cap with a position in the symbol: others 0.6, held 0.2, cap 1 leaves 0.2', () => {
    const d = full({ maxLeverage: 1 }).size({ pUp: 0.9, exposure: { symbol: 0.2, gross: 0.8 } });
    expect(d.size).toBeCloseTo(0.2, 15);
    expect(d.capped).toBe('leverage');
  });

  it('a cap already used up gives 0 and names the cap; a short prediction reads the short side', () => {
    expect(full({ maxSymbolExposure: 1 }).size({ pUp: 0.9, exposure: { symbol: 1.2 } })).toMatchObject({ size: 0, capped: 'symbol' });
    expect(full({ maxSymbolExposure: 1 }).size({ pUp: 0.1, exposure: { symbol: -1 } })).toMatchObject({ direction: -1, size: 0, capped: 'symbol' });
    expect(full({ maxSymbolExposure: 1 }).size({ pUp: 0.1, exposure: { symbol: 0.5 } }).size).toBeCloseTo(0.8, 15);
  });

  it('the smallest cap wins; on a tie the first of position, symbol, leverage is named', () => {
    expect(full({ maxPosition: 0.5, maxSymbolExposure: 0.4, maxLeverage: 0.45 }).size({ pUp: 0.9 })).toMatchObject({ size: 0.4, capped: 'symbol' });
    expect(full({ maxPosition: 0.4, maxSymbolExposure: 0.4, maxLeverage: 0.4 }).size({ pUp: 0.9 })).toMatchObject({ size: 0.4, capped: 'position' });
  });
});

describe('createSizingPolicy: the objects', () => {
  it('the decision, the policy and its config are frozen; the config holds every default', () => {
    const d = policy.size({ pUp: 0.7 });
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.config)).toBe(true);
    expect(policy.config).toEqual(DEFAULT_SIZING_CONFIG);
    expect(createSizingPolicy({ kelly: 0.5, threshold: 0.6 }).config).toEqual({ ...DEFAULT_SIZING_CONFIG, kelly: 0.5, threshold: 0.6 });
  });

  it('the given config object is copied: changing it later changes nothing', () => {
    const config = { kelly: 0.5 };
    const p = createSizingPolicy(config);
    config.kelly = 1;
    expect(p.config.kelly).toBe(0.5);
  });

  it('an undefined key takes its default', () => {
    expect(createSizingPolicy({ kelly: undefined }).config.kelly).toBe(0.25);
  });

  it('the defaults are those docs/sizing.md explains', () => {
    expect(DEFAULT_SIZING_CONFIG).toEqual({
      kelly: 0.25,
      threshold: 0.55,
      payoff: 1,
      targetVolatility: 0.5,
      maxScale: 1,
      maxPosition: 1,
      maxLeverage: 1,
      maxSymbolExposure: 1,
      drawdownStart: 0.1,
      drawdownStop: 0.25,
    });
  });
});

describe('createSizingPolicy: invalid configurations', () => {
  const config = (c: unknown) => () => createSizingPolicy(any(c));
  const bad: InvalidCase[] = [
    ['config null', config(null), 'config', 'expected an options object, got null'],
    ['config an array', config([0.25]), 'config', 'expected an options object'],
    ['config a number', config(0.25), 'config', 'expected an options object'],
    ['an unknown key', config({ kely: 0.5 }), 'config.kely', 'unknown option (known: kelly, threshold'],
    ['kelly 0', config({ kelly: 0 }), 'config.kelly', 'must be a number in (0, 1], got 0'],
    ['kelly above 1', config({ kelly: 1.5 }), 'config.kelly', 'got 1.5'],
    ['kelly NaN', config({ kelly: NaN }), 'config.kelly', 'got NaN'],
    ['threshold below 0.5', config({ threshold: 0.49 }), 'config.threshold', 'must be a number in [0.5, 1], got 0.49'],
    ['threshold above 1', config({ threshold: 1.01 }), 'config.threshold', 'got 1.01'],
    ['threshold a string', config({ threshold: '0.6' }), 'config.threshold', 'got "0.6"'],
    ['payoff 0', config({ payoff: 0 }), 'config.payoff', 'must be a finite number > 0, got 0'],
    ['payoff Infinity', config({ payoff: Infinity }), 'config.payoff', 'got Infinity'],
    ['targetVolatility 0', config({ targetVolatility: 0 }), 'config.targetVolatility', 'must be a finite number > 0, got 0'],
    ['targetVolatility null', config({ targetVolatility: null }), 'config.targetVolatility', 'got null'],
    ['maxScale negative', config({ maxScale: -1 }), 'config.maxScale', 'got -1'],
    ['maxPosition 0', config({ maxPosition: 0 }), 'config.maxPosition', 'must be a finite number > 0, got 0'],
    ['maxLeverage NaN', config({ maxLeverage: NaN }), 'config.maxLeverage', 'got NaN'],
    ['maxSymbolExposure a boolean', config({ maxSymbolExposure: true }), 'config.maxSymbolExposure', 'got true'],
    ['drawdownStart negative', config({ drawdownStart: -0.1 }), 'config.drawdownStart', 'must be a number in [0, 1), got -0.1'],
    ['drawdownStart 1', config({ drawdownStart: 1 }), 'config.drawdownStart', 'got 1'],
    ['drawdownStop 0', config({ drawdownStop: 0, drawdownStart: 0 }), 'config.drawdownStop', 'must be a number in (0, 1], got 0'],
    ['drawdownStop above 1', config({ drawdownStop: 1.5 }), 'config.drawdownStop', 'got 1.5'],
    ['drawdownStop equal to drawdownStart', config({ drawdownStart: 0.2, drawdownStop: 0.2 }), 'config.drawdownStop', 'must be above config.drawdownStart (0.2), got 0.2'],
    ['drawdownStop below the default drawdownStart', config({ drawdownStop: 0.05 }), 'config.drawdownStop', 'must be above config.drawdownStart (0.1), got 0.05'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});

describe('SizingPolicy.size: invalid inputs', () => {
  const size = (input: unknown) => () => policy.size(any<SizingInput>(input));
  const bad: InvalidCase[] = [
    ['no input', size(undefined), 'input', 'expected { pUp, payoff?, volatility?, drawdown?, exposure? }, got undefined'],
    ['a null input', size(null), 'input', 'expected an options object, got null'],
    ['a number for the input', size(0.6), 'input', 'expected an options object, got 0.6'],
    ['an unknown key', size({ pUp: 0.6, p: 0.6 }), 'input.p', 'unknown option (known: pUp, payoff, volatility, drawdown, exposure)'],
    ['a missing pUp', size({}), 'input.pUp', 'must be a number in [0, 1], got undefined'],
    ['a NaN pUp', size({ pUp: NaN }), 'input.pUp', 'got NaN'],
    ['a pUp below 0', size({ pUp: -0.1 }), 'input.pUp', 'got -0.1'],
    ['a pUp above 1', size({ pUp: 1.1 }), 'input.pUp', 'got 1.1'],
    ['a string pUp', size({ pUp: '0.6' }), 'input.pUp', 'got "0.6"'],
    ['a payoff of 0', size({ pUp: 0.6, payoff: 0 }), 'input.payoff', 'must be a finite number > 0, got 0'],
    ['a NaN payoff', size({ pUp: 0.6, payoff: NaN }), 'input.payoff', 'got NaN'],
    ['a NaN volatility', size({ pUp: 0.6, volatility: NaN }), 'input.volatility', 'must be a finite number >= 0, got NaN'],
    ['a negative volatility', size({ pUp: 0.6, volatility: -0.2 }), 'input.volatility', 'got -0.2'],
    ['an infinite volatility', size({ pUp: 0.6, volatility: Infinity }), 'input.volatility', 'got Infinity'],
    ['a negative drawdown', size({ pUp: 0.6, drawdown: -0.05 }), 'input.drawdown', 'must be a number in [0, 1], got -0.05'],
    ['a drawdown above 1', size({ pUp: 0.6, drawdown: 1.2 }), 'input.drawdown', 'got 1.2'],
    ['a NaN drawdown', size({ pUp: 0.6, drawdown: NaN }), 'input.drawdown', 'got NaN'],
    ['exposure a number', size({ pUp: 0.6, exposure: 0.5 }), 'input.exposure', 'expected an options object, got 0.5'],
    ['an unknown exposure key', size({ pUp: 0.6, exposure: { net: 0.5 } }), 'input.exposure.net', 'unknown option (known: symbol, gross)'],
    ['a NaN symbol exposure', size({ pUp: 0.6, exposure: { symbol: NaN } }), 'input.exposure.symbol', 'must be a finite number, got NaN'],
    ['an infinite symbol exposure', size({ pUp: 0.6, exposure: { symbol: -Infinity } }), 'input.exposure.symbol', 'got -Infinity'],
    ['a negative gross exposure', size({ pUp: 0.6, exposure: { gross: -1 } }), 'input.exposure.gross', 'must be a finite number >= 0, got -1'],
    ['a gross exposure below |symbol|', size({ pUp: 0.6, exposure: { symbol: -0.5, gross: 0.3 } }), 'input.exposure.gross', 'must be >= |input.exposure.symbol| (0.5)'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});
