/** Issue 13, items 5, 9 and 10 for the labelers and splitters: the named hostile inputs and what each gives. */
import { describe, expect } from 'vitest';
import { assertNoLookahead, fixedHorizonLabels, holdoutSplit, metaLabels, purgedKFoldSplits, rollingVolatility, tripleBarrierLabels, walkForwardSplits } from '../../src/labels/index.js';
import type { Candles } from '../../src/core/types.js';
import { badCandles, candles15m, invalid, runHostile, withColumn, type HostileCase } from '../core/hostile.js';

const c = candles15m(6);
const close = c.close;
const sigma = new Float64Array(6).fill(0.01);
const barrier = { horizon: 2, profitTake: 1, stopLoss: 1, volatility: sigma };
const side = Float64Array.of(1, -1, 0, 1, 1, 0);
const any = <T>(v: unknown) => v as T;
const t1With = (i: number, v: number) => Float64Array.from({ length: 10 }, (_, k) => (k === i ? v : k));
const wf = (extra: object) => walkForwardSplits(any({ n: 10, trainSize: 5, testSize: 2, ...extra }));

const WALK_FORWARD: HostileCase[] = [
  ['walkForwardSplits() without options', () => walkForwardSplits(any(undefined)), invalid('n')],
  ['walkForwardSplits(null)', () => walkForwardSplits(any(null)), invalid('options')],
  ['walkForwardSplits of a number', () => walkForwardSplits(any(10)), invalid('options')],
  ['walkForwardSplits with an embargo (nothing follows the test rows)', () => wf({ embargo: 5 }), invalid('options.embargo')],
  ['walkForwardSplits with embargo 0', () => wf({ embargo: 0 }), invalid('options.embargo')],
  ['walkForwardSplits with a misspelt option (trainsize)', () => walkForwardSplits(any({ n: 10, trainsize: 5, testSize: 2 })), invalid('options.trainsize')],
  ['walkForwardSplits with an unknown option (gap)', () => wf({ gap: 1 }), invalid('options.gap')],
  ['walkForwardSplits with n NaN', () => wf({ n: NaN }), invalid('n')],
  ['walkForwardSplits with n Infinity', () => wf({ n: Infinity }), invalid('n')],
  ['walkForwardSplits with n -5', () => wf({ n: -5 }), invalid('n')],
  ['walkForwardSplits with n 2^31 (past the Int32 index range)', () => wf({ n: 2 ** 31 }), invalid('n')],
  ["walkForwardSplits with n '10'", () => wf({ n: '10' }), invalid('n')],
  ['walkForwardSplits with testSize 0', () => wf({ testSize: 0 }), invalid('testSize')],
  ['walkForwardSplits with trainSize 2.5', () => wf({ trainSize: 2.5 }), invalid('trainSize')],
  ['walkForwardSplits with trainSize + testSize > n', () => wf({ trainSize: 9 }), invalid('trainSize')],
  ['walkForwardSplits with step 0', () => wf({ step: 0 }), invalid('step')],
  ['walkForwardSplits with step 1.5', () => wf({ step: 1.5 }), invalid('step')],
  ["walkForwardSplits with mode 'sliding'", () => wf({ mode: 'sliding' }), invalid('mode')],
  ['walkForwardSplits with t1 of the wrong length', () => wf({ t1: new Float64Array(3) }), invalid('t1')],
  ['walkForwardSplits with t1 a plain array', () => wf({ t1: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), invalid('t1')],
  ['walkForwardSplits with an infinite label end', () => wf({ t1: t1With(3, Infinity) }), invalid('t1[3]')],
  ['walkForwardSplits with a fractional label end', () => wf({ t1: t1With(4, 4.5) }), invalid('t1[4]')],
  ['walkForwardSplits with a label ending before it starts', () => wf({ t1: t1With(6, 2) }), invalid('t1[6]')],
  ['walkForwardSplits of 2e9 one-row windows (too many splits)', () => walkForwardSplits({ n: 2e9, trainSize: 1, testSize: 1 }), invalid('options')],
  ['walkForwardSplits n=100k, trainSize=10k, testSize=1 (once ~18 GB)', () => walkForwardSplits({ n: 100_000, trainSize: 10_000, testSize: 1 }), { returns: (s) => expect((s as unknown[]).length).toBe(90_000) }],
  ['walkForwardSplits leaves an unlabeled (NaN t1) test row out', () => wf({ t1: t1With(5, NaN) }), { returns: (s) => expect(Array.from((s as { test: Int32Array }[])[0]!.test)).toEqual([6]) }],
];

const KFOLD_AND_HOLDOUT: HostileCase[] = [
  ['purgedKFoldSplits(null)', () => purgedKFoldSplits(any(null)), invalid('options')],
  ['purgedKFoldSplits() without options', () => purgedKFoldSplits(any(undefined)), invalid('n')],
  ['purgedKFoldSplits with k 1', () => purgedKFoldSplits({ n: 10, k: 1 }), invalid('k')],
  ['purgedKFoldSplits with k > n', () => purgedKFoldSplits({ n: 10, k: 11 }), invalid('k')],
  ['purgedKFoldSplits with k NaN', () => purgedKFoldSplits({ n: 10, k: NaN }), invalid('k')],
  ['purgedKFoldSplits with embargo -1', () => purgedKFoldSplits({ n: 10, k: 2, embargo: -1 }), invalid('embargo')],
  ['purgedKFoldSplits with embargo 1.5', () => purgedKFoldSplits({ n: 10, k: 2, embargo: 1.5 }), invalid('embargo')],
  ['purgedKFoldSplits with embargo NaN', () => purgedKFoldSplits({ n: 10, k: 2, embargo: NaN }), invalid('embargo')],
  ['purgedKFoldSplits with an unknown option (purge)', () => purgedKFoldSplits(any({ n: 10, k: 2, purge: 3 })), invalid('options.purge')],
  ['purgedKFoldSplits with a label ending before it starts', () => purgedKFoldSplits({ n: 10, k: 2, t1: t1With(3, 1) }), invalid('t1[3]')],
  ['purgedKFoldSplits with 2 million folds', () => purgedKFoldSplits({ n: 2_000_000, k: 2_000_000 }), invalid('options')],
  ['holdoutSplit with fraction 0', () => holdoutSplit({ n: 10, fraction: 0 }), invalid('fraction')],
  ['holdoutSplit with fraction 1', () => holdoutSplit({ n: 10, fraction: 1 }), invalid('fraction')],
  ['holdoutSplit with fraction NaN', () => holdoutSplit({ n: 10, fraction: NaN }), invalid('fraction')],
  ['holdoutSplit with fraction -0.1', () => holdoutSplit({ n: 10, fraction: -0.1 }), invalid('fraction')],
  ['holdoutSplit with an embargo (nothing follows the holdout)', () => holdoutSplit(any({ n: 10, fraction: 0.2, embargo: 2 })), invalid('options.embargo')],
  ['holdoutSplit with an unknown option (ratio)', () => holdoutSplit(any({ n: 10, fraction: 0.2, ratio: 0.2 })), invalid('options.ratio')],
  ['holdoutSplit(undefined)', () => holdoutSplit(any(undefined)), invalid('n')],
];

const LABELERS: HostileCase[] = [
  ['fixedHorizonLabels(null)', () => fixedHorizonLabels(any(null)), invalid('close')],
  ['fixedHorizonLabels of a plain array', () => fixedHorizonLabels(any([1, 2, 3])), invalid('close')],
  ['fixedHorizonLabels with an infinite price', () => fixedHorizonLabels(Float64Array.of(1, Infinity, 2)), invalid('close[1]')],
  ['fixedHorizonLabels with horizon -1', () => fixedHorizonLabels(close, { horizon: -1 }), invalid('horizon')],
  ['fixedHorizonLabels with horizon Infinity', () => fixedHorizonLabels(close, { horizon: Infinity }), invalid('horizon')],
  ["fixedHorizonLabels with horizon '2'", () => fixedHorizonLabels(close, any({ horizon: '2' })), invalid('horizon')],
  ['fixedHorizonLabels with deadZone Infinity', () => fixedHorizonLabels(close, { deadZone: Infinity }), invalid('deadZone')],
  ['fixedHorizonLabels with a misspelt option (horizn)', () => fixedHorizonLabels(close, any({ horizn: 2 })), invalid('options.horizn')],
  ['fixedHorizonLabels with a string for options', () => fixedHorizonLabels(close, any('h=2')), invalid('options')],
  ['fixedHorizonLabels of no prices', () => fixedHorizonLabels(new Float64Array(0)), { returns: (l) => expect((l as { label: Float64Array }).label.length).toBe(0) }],
  ['tripleBarrierLabels without high', () => tripleBarrierLabels(withColumn(c, 'high', undefined), barrier), badCandles('high', 'missing_field')],
  ['tripleBarrierLabels without options', () => tripleBarrierLabels(c, any(undefined)), invalid('horizon')],
  ['tripleBarrierLabels with a negative volatility', () => tripleBarrierLabels(c, { ...barrier, volatility: sigma.map((s, i) => (i === 2 ? -0.01 : s)) }), invalid('volatility[2]')],
  ['tripleBarrierLabels with an infinite volatility', () => tripleBarrierLabels(c, { ...barrier, volatility: sigma.map((s, i) => (i === 1 ? Infinity : s)) }), invalid('volatility[1]')],
  ['tripleBarrierLabels with a volatility window of 1', () => tripleBarrierLabels(c, { ...barrier, volatility: 1 }), invalid('window')],
  ['tripleBarrierLabels with a volatility window of 2.5', () => tripleBarrierLabels(c, { ...barrier, volatility: 2.5 }), invalid('window')],
  ["tripleBarrierLabels with volatility 'high'", () => tripleBarrierLabels(c, any({ ...barrier, volatility: 'high' })), invalid('volatility')],
  ['tripleBarrierLabels with a volatility of the wrong length', () => tripleBarrierLabels(c, { ...barrier, volatility: sigma.subarray(1) }), invalid('volatility')],
  ['tripleBarrierLabels with profitTake NaN', () => tripleBarrierLabels(c, { ...barrier, profitTake: NaN }), invalid('profitTake')],
  ['tripleBarrierLabels with stopLoss Infinity', () => tripleBarrierLabels(c, { ...barrier, stopLoss: Infinity }), invalid('stopLoss')],
  ['tripleBarrierLabels with a misspelt option (takeProfit)', () => tripleBarrierLabels(c, any({ ...barrier, takeProfit: 1 })), invalid('options.takeProfit')],
  ['tripleBarrierLabels(null, ...)', () => tripleBarrierLabels(any(null), barrier), badCandles('*', 'wrong_type')],
  ['tripleBarrierLabels with a NaN close', () => tripleBarrierLabels(withColumn(c, 'close', close.map((x, i) => (i === 4 ? NaN : x))), barrier), badCandles('close', 'not_finite')],
  ['tripleBarrierLabels with a NaN high (once never touched)', () => tripleBarrierLabels(withColumn(c, 'high', c.high.map((x, i) => (i === 1 ? NaN : x))), barrier), badCandles('high', 'not_finite')],
  ['tripleBarrierLabels of unsorted candles', () => tripleBarrierLabels(withColumn(c, 'time', Float64Array.of(0, 2, 1, 3, 4, 5)), barrier), badCandles('time', 'decreasing_time')],
  ['metaLabels with a null side', () => metaLabels(any(null), c, barrier), invalid('side')],
  ['metaLabels with a side of 2', () => metaLabels(side.map((s, i) => (i === 3 ? 2 : s)), c, barrier), invalid('side[3]')],
  ['metaLabels with a NaN side', () => metaLabels(side.map((s, i) => (i === 0 ? NaN : s)), c, barrier), invalid('side[0]')],
  ['metaLabels with a side of the wrong length', () => metaLabels(side.subarray(2), c, barrier), invalid('side')],
  ['metaLabels without options', () => metaLabels(side, c, any(undefined)), invalid('horizon')],
  ['metaLabels with a misspelt option (stoploss)', () => metaLabels(side, c, any({ ...barrier, stoploss: 1 })), invalid('options.stoploss')],
  ['rollingVolatility with window 0', () => rollingVolatility(close, 0), invalid('window')],
  ['rollingVolatility with window NaN', () => rollingVolatility(close, NaN), invalid('window')],
  ['rollingVolatility(null)', () => rollingVolatility(any(null)), invalid('close')],
  ['rollingVolatility with a zero price', () => rollingVolatility(Float64Array.of(1, 0, 2)), invalid('close[1]')],
];

const LOOKAHEAD: HostileCase[] = [
  ['assertNoLookahead with a compute that is no function', () => assertNoLookahead(any('rsi'), c, [2]), invalid('compute')],
  ['assertNoLookahead with no cuts', () => assertNoLookahead(() => ({}), c, []), invalid('cuts')],
  ['assertNoLookahead with cuts that are no array', () => assertNoLookahead(() => ({}), c, any(3)), invalid('cuts')],
  ['assertNoLookahead with a cut past the end (a vacuous proof)', () => assertNoLookahead((x) => ({ a: x.close }), c, [6]), invalid('cuts[0]')],
  ['assertNoLookahead with a cut of 1.5', () => assertNoLookahead((x) => ({ a: x.close }), c, [1.5]), invalid('cuts[0]')],
  ['assertNoLookahead with a compute returning null', () => assertNoLookahead(any(() => null), c, [2]), invalid('compute')],
  ['assertNoLookahead with a compute returning a number column', () => assertNoLookahead(any(() => ({ a: 1 })), c, [2]), invalid('compute')],
  ['assertNoLookahead on null candles', () => assertNoLookahead((x) => ({ a: x.close }), any(null), [2]), badCandles('*', 'wrong_type')],
  ['assertNoLookahead catches a column that reads the next close', () => assertNoLookahead((x: Candles) => ({ next: x.close.map((_, t) => x.close[t + 1] ?? NaN) }), c, [3]), { code: 'LOOKAHEAD' }],
];

/** Every hostile input tried against the labelers and splitters. */
const CASES: HostileCase[] = [...WALK_FORWARD, ...KFOLD_AND_HOLDOUT, ...LABELERS, ...LOOKAHEAD];

describe(`hostile input: labels and splits (${CASES.length} cases)`, () => {
  runHostile(CASES);
});
