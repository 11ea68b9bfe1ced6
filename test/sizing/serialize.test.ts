import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZING_CONFIG } from '../../src/sizing/config.js';
import { createSizingPolicy } from '../../src/sizing/policy.js';
import { sizingPolicyFromJSON } from '../../src/sizing/serialize.js';
import { expectBadState } from './helpers.js';

const through = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('sizing policy JSON', () => {
  it('toJSON is { version: 1, config } with every key', () => {
    expect(createSizingPolicy({ kelly: 0.5 }).toJSON()).toEqual({ version: 1, config: { ...DEFAULT_SIZING_CONFIG, kelly: 0.5 } });
    expect(Object.isFrozen(createSizingPolicy().toJSON())).toBe(true);
  });

  it('round-trips through JSON.stringify: the same config and the same decisions, for random configs and inputs', () => {
    const configs = fc.record({
      kelly: fc.double({ min: 1e-3, max: 1, noNaN: true }),
      threshold: fc.double({ min: 0.5, max: 0.9, noNaN: true }),
      payoff: fc.double({ min: 0.1, max: 5, noNaN: true }),
      maxPosition: fc.double({ min: 0.01, max: 2, noNaN: true }),
      drawdownStart: fc.double({ min: 0, max: 0.2, noNaN: true }),
    });
    const inputs = fc.array(fc.record({ pUp: fc.double({ min: 0, max: 1, noNaN: true }), volatility: fc.double({ min: 0, max: 3, noNaN: true }), drawdown: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(configs, inputs, (config, xs) => {
        const policy = createSizingPolicy(config);
        const read = sizingPolicyFromJSON(through(policy));
        expect(read.config).toEqual(policy.config);
        expect(JSON.stringify(read)).toBe(JSON.stringify(policy));
        for (const x of xs) expect(read.size(x)).toEqual(policy.size(x));
      }),
      { numRuns: 200 },
    );
  });

  const good = () => through(createSizingPolicy()) as { version: number; config: Record<string, unknown> };
  const withConfig = (change: Record<string, unknown>) => {
    const json = good();
    return { ...json, config: { ...json.config, ...change } };
  };
  const withoutKey = (key: string) => {
    const json = good();
    delete json.config[key];
    return json;
  };
  const hostile: [string, unknown, string | RegExp][] = [
    ['null', null, 'sizing policy JSON: expected an object { version, config }, got null'],
    ['a string', '{"version":1}', 'expected an object { version, config }, got "{\\"version\\":1}"'],
    ['an array', [1, {}], 'got Array(2)'],
    ['a number', 1, 'got 1'],
    ['an unknown top-level key', { ...good(), kelly: 0.5 }, 'sizing policy JSON.kelly: unknown key (known: version, config)'],
    ['a 100,000-char key', { ...good(), ['k'.repeat(100_000)]: 1 }, /^sizing policy JSON\.k{40}\.\.\.: unknown key/],
    ['no version', { config: good().config }, 'sizing policy JSON.version: expected 1, got undefined'],
    ['version 2', { ...good(), version: 2 }, 'sizing policy JSON.version: expected 1, got 2'],
    ['version "1"', { ...good(), version: '1' }, 'expected 1, got "1"'],
    ['no config', { version: 1 }, 'sizing policy JSON.config: expected an object, got undefined'],
    ['a null config', { version: 1, config: null }, 'sizing policy JSON.config: expected an object, got null'],
    ['an array config', { version: 1, config: [] }, 'got Array(0)'],
    ['a config without kelly', withoutKey('kelly'), 'sizing policy JSON.config.kelly: missing (a stored policy lists every key)'],
    ['a config without drawdownStop', withoutKey('drawdownStop'), 'sizing policy JSON.config.drawdownStop: missing'],
    ['an empty config', { version: 1, config: {} }, 'sizing policy JSON.config.kelly: missing'],
    ['an unknown config key', withConfig({ leverage: 2 }), 'sizing policy JSON.config.leverage: unknown option'],
    // JSON.parse makes "__proto__" an own key (no prototype is set): it is an unknown key like any other.
    ['a __proto__ config key', JSON.parse(`{"version":1,"config":{"__proto__":{"kelly":1},${JSON.stringify(DEFAULT_SIZING_CONFIG).slice(1)}}`), 'sizing policy JSON.config.__proto__: unknown option'],
    ['a null value', withConfig({ kelly: null }), 'sizing policy JSON.config.kelly: must be a number in (0, 1], got null'],
    ['a string value', withConfig({ threshold: '0.6' }), 'sizing policy JSON.config.threshold: must be a number in [0.5, 1], got "0.6"'],
    ['a negative cap', withConfig({ maxLeverage: -1 }), 'sizing policy JSON.config.maxLeverage: must be a finite number > 0, got -1'],
    ['an object value', withConfig({ payoff: { value: 1 } }), 'sizing policy JSON.config.payoff: must be a finite number > 0, got object { value }'],
    ['a huge number', withConfig({ maxScale: 1e400 }), 'sizing policy JSON.config.maxScale: must be a finite number > 0, got Infinity'],
    ['drawdownStop not above drawdownStart', withConfig({ drawdownStart: 0.3, drawdownStop: 0.3 }), 'sizing policy JSON.config.drawdownStop: must be above config.drawdownStart (0.3), got 0.3'],
  ];
  it.each(hostile)('rejects %s with a StateError', (_title, json, message) => expectBadState(() => sizingPolicyFromJSON(json), message));

  it('never answers random JSON with anything but a StateError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ version: fc.jsonValue(), config: fc.dictionary(fc.constantFrom('kelly', 'threshold', 'payoff', 'maxScale', 'x'), fc.jsonValue()) })), (json) => {
        expect(() => sizingPolicyFromJSON(json)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
      }),
      { numRuns: 300 },
    );
  });
});
