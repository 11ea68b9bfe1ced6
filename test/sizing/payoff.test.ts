import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { estimatePayoff } from '../../src/sizing/payoff.js';
import { any, expectInvalid, type InvalidCase } from './helpers.js';

describe('estimatePayoff', () => {
  it('is the mean win over the mean loss, by hand: wins 0.02, 0.04 and losses 0.01, 0.02 give 0.03 / 0.015 = 2', () => {
    expect(estimatePayoff([0.02, -0.01, 0, 0.04, -0.02])).toBeCloseTo(2, 14);
  });

  it('ignores exact zeros, and reads typed arrays', () => {
    expect(estimatePayoff(Float64Array.of(0, 0.03, 0, -0.01, 0))).toBeCloseTo(3, 14);
  });

  it('equals simple-statistics means of the wins and of the |losses| on a longer series', () => {
    const returns = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 1.7) * 0.02 + (i % 7 === 0 ? 0.01 : 0));
    const wins = returns.filter((r) => r > 0);
    const losses = returns.filter((r) => r < 0).map((r) => -r);
    expect(estimatePayoff(returns)).toBeCloseTo(mean(wins) / mean(losses), 12);
  });

  it('takes min: the fewest wins and losses needed', () => {
    expect(estimatePayoff([0.02, -0.01, 0.04, -0.02], { min: 2 })).toBeCloseTo(2, 14);
  });

  it('does not overflow on huge finite returns', () => {
    expect(estimatePayoff([1e308, 1e308, -1e308])).toBe(1);
  });

  const bad: InvalidCase[] = [
    ['a string', () => estimatePayoff(any('0.1,-0.1')), 'returns', 'expected an array of numbers, got "0.1,-0.1"'],
    ['an object with a length', () => estimatePayoff(any({ length: 2 })), 'returns', 'expected an array of numbers'],
    ['null', () => estimatePayoff(any(null)), 'returns', 'got null'],
    ['an empty array', () => estimatePayoff([]), 'returns', 'no positive return among 0'],
    ['NaN at index 2', () => estimatePayoff([0.1, -0.1, NaN]), 'returns[2]', 'must be a finite number, got NaN'],
    ['Infinity at index 0', () => estimatePayoff([Infinity, -0.1]), 'returns[0]', 'got Infinity'],
    ['a string element', () => estimatePayoff(any([0.1, '-0.1'])), 'returns[1]', 'got "-0.1"'],
    ['a hole in a sparse array', () => estimatePayoff(any([0.1, , -0.1])), 'returns[1]', 'got undefined'],
    ['no negative return', () => estimatePayoff([0.1, 0.2, 0]), 'returns', 'no negative return among 3'],
    ['no positive return', () => estimatePayoff([-0.1, -0.2]), 'returns', 'no positive return among 2'],
    ['only zeros', () => estimatePayoff([0, 0, 0]), 'returns', 'no positive return'],
    ['fewer wins than min', () => estimatePayoff([0.1, -0.1, -0.2], { min: 2 }), 'returns', '1 positive return(s), fewer than min = 2'],
    ['fewer losses than min', () => estimatePayoff([0.1, 0.2, -0.2], { min: 2 }), 'returns', '1 negative return(s), fewer than min = 2'],
    ['wins and losses 600 orders of magnitude apart', () => estimatePayoff([1e300, -1e-300]), 'returns', 'not a finite number > 0'],
    ['min 0', () => estimatePayoff([0.1, -0.1], { min: 0 }), 'options.min', 'must be an integer >= 1, got 0'],
    ['min 1.5', () => estimatePayoff([0.1, -0.1], { min: 1.5 }), 'options.min', 'got 1.5'],
    ['min a string', () => estimatePayoff([0.1, -0.1], any({ min: '2' })), 'options.min', 'got "2"'],
    ['an unknown option', () => estimatePayoff([0.1, -0.1], any({ minimum: 2 })), 'options.minimum', 'unknown option (known: min)'],
    ['options not an object', () => estimatePayoff([0.1, -0.1], any(3)), 'options', 'expected an options object'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});
