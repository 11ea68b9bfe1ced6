import { describe, expect, it } from 'vitest';
import { drawdownFromEquity, drawdownThrottle } from '../../src/sizing/drawdown.js';
import { any, expectInvalid, type InvalidCase } from './helpers.js';

const BOUNDS = { start: 0.1, stop: 0.25 };

describe('drawdownFromEquity', () => {
  it.each([
    // equity curve, hand-computed drawdown at its end: 1 - last / running peak
    [[100, 120, 90, 105], 0.125], // peak 120: 1 - 105 / 120
    [[100, 120, 130], 0], // a new high
    [[100], 0],
    [[100, 80, 150, 60], 0.6], // peak 150: 1 - 60 / 150
    [[200, 150, 100], 0.5], // the peak is the first value
    [[100, 0], 1], // the equity is gone
  ])('%j gives %s', (equity, expected) => {
    expect(drawdownFromEquity(equity)).toBeCloseTo(expected, 14);
  });

  const bad: InvalidCase[] = [
    ['an empty curve', () => drawdownFromEquity([]), 'equity', 'is empty'],
    ['a string', () => drawdownFromEquity(any('100')), 'equity', 'expected an array of numbers'],
    ['NaN at index 1', () => drawdownFromEquity([100, NaN]), 'equity[1]', 'must be a finite number >= 0, got NaN'],
    ['a negative equity', () => drawdownFromEquity([100, -5]), 'equity[1]', 'got -5'],
    ['Infinity', () => drawdownFromEquity([100, Infinity]), 'equity[1]', 'got Infinity'],
    ['a first equity of 0', () => drawdownFromEquity([0, 100]), 'equity[0]', 'must be > 0'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});

describe('drawdownThrottle', () => {
  it.each([
    // drawdown, hand-computed throttle with start 0.1, stop 0.25: (0.25 - d) / 0.15 between
    [0, 1],
    [0.05, 1],
    [0.1, 1],
    [0.13, 0.8],
    [0.175, 0.5],
    [0.2, 1 / 3],
    [0.25, 0],
    [0.3, 0],
    [1, 0],
  ])('drawdown %s gives %s', (drawdown, expected) => {
    expect(drawdownThrottle(drawdown, BOUNDS)).toBeCloseTo(expected, 14);
  });

  it('throttles from the first loss with start 0 and stops only at a total loss with stop 1', () => {
    expect(drawdownThrottle(0.5, { start: 0, stop: 1 })).toBeCloseTo(0.5, 15);
    expect(drawdownThrottle(0, { start: 0, stop: 1 })).toBe(1);
  });

  it('with an equity curve: 100 -> 120 -> 99 is a drawdown of 17.5%, halfway between 10% and 25%', () => {
    expect(drawdownThrottle(drawdownFromEquity([100, 120, 99]), BOUNDS)).toBeCloseTo(0.5, 12);
  });

  const bad: InvalidCase[] = [
    ['a negative drawdown', () => drawdownThrottle(-0.1, BOUNDS), 'drawdown', 'must be a number in [0, 1], got -0.1'],
    ['a drawdown above 1', () => drawdownThrottle(1.5, BOUNDS), 'drawdown', 'got 1.5'],
    ['a NaN drawdown', () => drawdownThrottle(NaN, BOUNDS), 'drawdown', 'got NaN'],
    ['no bounds', () => drawdownThrottle(0.1, any(undefined)), 'bounds.start', 'got undefined'],
    ['bounds not an object', () => drawdownThrottle(0.1, any(0.2)), 'bounds', 'expected an options object'],
    ['an unknown bound', () => drawdownThrottle(0.1, any({ ...BOUNDS, end: 0.3 })), 'bounds.end', 'unknown option (known: start, stop)'],
    ['a negative start', () => drawdownThrottle(0.1, { start: -0.1, stop: 0.25 }), 'bounds.start', 'must be a number in [0, 1), got -0.1'],
    ['a start of 1', () => drawdownThrottle(0.1, { start: 1, stop: 1 }), 'bounds.start', 'got 1'],
    ['a stop of 0', () => drawdownThrottle(0.1, { start: 0, stop: 0 }), 'bounds.stop', 'must be a number in (0, 1], got 0'],
    ['a stop above 1', () => drawdownThrottle(0.1, { start: 0.1, stop: 1.5 }), 'bounds.stop', 'got 1.5'],
    ['a stop equal to start', () => drawdownThrottle(0.1, { start: 0.2, stop: 0.2 }), 'bounds.stop', 'must be above bounds.start (0.2), got 0.2'],
    ['a stop below start', () => drawdownThrottle(0.1, { start: 0.3, stop: 0.2 }), 'bounds.stop', 'must be above bounds.start (0.3), got 0.2'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});
