/**
 * The named hostile calls of the feature-engine tests (issue 13), one entry point at a time: frames, alignment, the
 * rolling statistics and their streams, the cross-asset builders, the kernel builders, lookbacks, histories and
 * parallel computation. Each call must throw (or reject with) a typed `AlphaError` with a short message.
 */
import { candleAt } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import {
  coMomentsKernel,
  col,
  computeFeatures,
  createFeatureStream,
  featureFrame,
  featureLookback,
  indicatorColumn,
  indicatorKernel,
  lagKernel,
  logReturnKernel,
  logSpreadKernel,
  peerColumn,
  rollingExtremeKernel,
  symbolSlug,
  syntheticFeature,
  syntheticFeatures,
  zScoreKernel,
} from '../../src/features/index.js';
import { computeFeaturesParallel } from '../../src/features/parallel.node.js';
import { CoMomentsStream, ZScoreStream, alignCandles, rollingBeta, rollingCorrelation, rollingZScore } from '../../src/synthetic/index.js';
import { BTC, ETH } from './hostile.js';

/** A whole call to one entry point, by name. */
export type HostileCall = readonly [name: string, call: () => unknown];

const LONG = 'x'.repeat(10_000);
const N = ETH.time.length;
const x = ETH.close.map((c, i) => (i === 0 ? NaN : Math.log(c / ETH.close[i - 1]!)));
const y = BTC.close.map((c, i) => (i === 0 ? NaN : Math.log(c / BTC.close[i - 1]!)));
const withNaN = (a: Float64Array, at: number, v = NaN): Float64Array => {
  const out = a.slice();
  out[at] = v;
  return out;
};
const frame = featureFrame(ETH.time, ['a', 'b'], [ETH.close, ETH.open]);
const shifted = (c: Candles, ms: number): Candles => ({ ...c, time: c.time.map((t) => t + ms) });
const any = (v: unknown): never => v as never;

/** A co-moment stream fed the first 50 log returns, and its state as JSON. */
function comoments(): { stream: CoMomentsStream; json: Record<string, any> } {
  const stream = new CoMomentsStream(20);
  const out = new Float64Array(2);
  for (let i = 0; i < 50; i++) stream.next(Float64Array.of(x[i]!, y[i]!), out);
  return { stream, json: JSON.parse(JSON.stringify(stream.toJSON())) };
}
const tamperedMoments = (f: (state: Record<string, any>, json: Record<string, any>) => void) => () => {
  const { json } = comoments();
  f(json.state, json);
  return CoMomentsStream.fromJSON(json);
};
function zscore(): Record<string, any> {
  const z = new ZScoreStream(10);
  const out = new Float64Array(1);
  for (let i = 1; i < 30; i++) z.next(Float64Array.of(x[i]!), out);
  return JSON.parse(JSON.stringify(z.toJSON()));
}
const tamperedZ = (f: (state: Record<string, any>) => void) => () => {
  const json = zscore();
  f(json.state);
  return ZScoreStream.fromJSON(json);
};
const started = (): CoMomentsStream => comoments().stream;
const out2 = new Float64Array(2);
const ethStream = () => createFeatureStream({ features: ['rsi_14', 'log_return_1'] });
const peerStream = () => createFeatureStream({ symbol: 'ETH', peers: ['BTC'], features: ['syn_eth_btc_correlation_20'] });

export const hostileCalls: readonly HostileCall[] = [
  // featureFrame and frames
  ['featureFrame: time null', () => featureFrame(any(null), ['a'], [ETH.close])],
  ['featureFrame: time a plain array', () => featureFrame(any(Array.from(ETH.time)), ['a'], [ETH.close])],
  ['featureFrame: names a string', () => featureFrame(ETH.time, any('a'), [ETH.close])],
  ['featureFrame: a name that is a number', () => featureFrame(ETH.time, any([5]), [ETH.close])],
  ['featureFrame: a name twice', () => featureFrame(ETH.time, ['a', 'a'], [ETH.close, ETH.open])],
  ['featureFrame: columns not an array', () => featureFrame(ETH.time, ['a'], any(ETH.close))],
  ['featureFrame: fewer columns than names', () => featureFrame(ETH.time, ['a', 'b'], [ETH.close])],
  ['featureFrame: a plain-array column', () => featureFrame(ETH.time, ['a'], any([Array.from(ETH.close)]))],
  ['featureFrame: a short column', () => featureFrame(ETH.time, ['a'], [ETH.close.subarray(1)])],
  ['frame.column: a number', () => frame.column(any(5))],
  ['frame.column: an unknown name', () => frame.column('nope')],
  ['frame.column: a 10,000-character name', () => frame.column(LONG)],
  ['frame.toMatrix: a string', () => frame.toMatrix(any('a'))],
  ['frame.toMatrix: a name that is a number', () => frame.toMatrix(any([5]))],
  ['frame.toMatrix: an unknown name', () => frame.toMatrix(['nope'])],
  ['computeFeatures(...).column: a 10,000-character name', () => computeFeatures(ETH, { features: ['rsi_14'] }).column(LONG)],
  // alignCandles
  ['alignCandles: bySymbol null', () => alignCandles(any(null), { timeframe: '15m' })],
  ['alignCandles: bySymbol a number', () => alignCandles(any(5), { timeframe: '15m' })],
  ['alignCandles: bySymbol an array', () => alignCandles(any([ETH]), { timeframe: '15m' })],
  ['alignCandles: bySymbol a Map', () => alignCandles(any(new Map([['ETH', ETH]])), { timeframe: '15m' })],
  ['alignCandles: no symbols', () => alignCandles({}, { timeframe: '15m' })],
  ['alignCandles: a symbol null', () => alignCandles(any({ ETH: null }), { timeframe: '15m' })],
  ['alignCandles: no options', () => alignCandles({ ETH }, any(undefined))],
  ['alignCandles: options null', () => alignCandles({ ETH }, any(null))],
  ['alignCandles: options a string', () => alignCandles({ ETH }, any('15m'))],
  ['alignCandles: options without a timeframe', () => alignCandles({ ETH }, any({}))],
  ['alignCandles: timeframe 2h', () => alignCandles({ ETH }, any({ timeframe: '2h' }))],
  ['alignCandles: timeframe a number', () => alignCandles({ ETH }, any({ timeframe: 15 }))],
  ['alignCandles: policy outer', () => alignCandles({ ETH }, any({ timeframe: '15m', policy: 'outer' }))],
  ['alignCandles: policy 10,000 characters', () => alignCandles({ ETH }, any({ timeframe: '15m', policy: LONG }))],
  ['alignCandles: a misspelt option (plicy)', () => alignCandles({ ETH }, any({ timeframe: '15m', plicy: 'carry' }))],
  ['alignCandles: 15m candles as 1h', () => alignCandles({ ETH }, { timeframe: '1h' })],
  ['alignCandles: a 10,000-character symbol off the grid', () => alignCandles({ [LONG]: shifted(ETH, 300_000) }, { timeframe: '15m' })],
  ['alignCandles: a series tagged 1h', () => alignCandles({ ETH: any({ ...ETH, timeframe: '1h' }) }, { timeframe: '15m' })],
  ['alignCandles: a series tagged with a long string', () => alignCandles({ ETH: any({ ...ETH, timeframe: LONG }) }, { timeframe: '15m' })],
  ['alignCandles: no common time', () => alignCandles({ ETH, BTC: shifted(BTC, N * 900_000) }, { timeframe: '15m' })],
  // rolling statistics
  ...([1, 0, -5, 2.5, NaN, Infinity, '20', null, 1e9, 100_001, new Float64Array(1_000_000)] as const).map((w): HostileCall => [`rollingCorrelation: window ${typeof w === 'object' && w !== null ? 'Float64Array(1000000)' : String(w)}`, () => rollingCorrelation(x, y, any(w))]),
  ['rollingCorrelation: x null', () => rollingCorrelation(any(null), y, 20)],
  ['rollingCorrelation: x a plain array', () => rollingCorrelation(any(Array.from(x)), y, 20)],
  ['rollingCorrelation: x a Float32Array', () => rollingCorrelation(any(Float32Array.from(x)), y, 20)],
  ['rollingCorrelation: y a string', () => rollingCorrelation(x, any('abc'), 20)],
  ['rollingCorrelation: lengths differ', () => rollingCorrelation(x, y.subarray(1), 20)],
  ['rollingCorrelation: a NaN after the warm-up', () => rollingCorrelation(withNaN(x, 50), y, 20)],
  ['rollingCorrelation: an infinite first value', () => rollingCorrelation(withNaN(x, 0, Infinity), y, 20)],
  ['rollingBeta: y null', () => rollingBeta(x, any(null), 20)],
  ['rollingBeta: a -Infinity in y', () => rollingBeta(x, withNaN(y, 9, -Infinity), 20)],
  ['rollingZScore: x null', () => rollingZScore(any(null), 20)],
  ['rollingZScore: window 1e9', () => rollingZScore(x, 1e9)],
  ['rollingZScore: a NaN after the warm-up', () => rollingZScore(withNaN(x, 100), 20)],
  ['new CoMomentsStream(1)', () => new CoMomentsStream(1)],
  ['new CoMomentsStream(1e9)', () => new CoMomentsStream(1e9)],
  ['new CoMomentsStream("20")', () => new CoMomentsStream(any('20'))],
  ['new ZScoreStream(NaN)', () => new ZScoreStream(NaN)],
  ['CoMomentsStream.next: inputs undefined', () => new CoMomentsStream(5).next(any(undefined), out2)],
  ['CoMomentsStream.next: inputs a plain array', () => new CoMomentsStream(5).next(any([1, 2]), out2)],
  ['CoMomentsStream.next: one input', () => new CoMomentsStream(5).next(Float64Array.of(1), out2)],
  ['CoMomentsStream.next: no output array', () => new CoMomentsStream(5).next(Float64Array.of(1, 2), any(undefined))],
  ['CoMomentsStream.next: an infinite input', () => new CoMomentsStream(5).next(Float64Array.of(Infinity, 1), out2)],
  ['CoMomentsStream.next: NaN after the warm-up', () => started().next(Float64Array.of(NaN, 0.01), out2)],
  ['CoMomentsStream.peek: NaN after the warm-up', () => started().peek(Float64Array.of(0.01, NaN), out2)],
  ['ZScoreStream.next: -Infinity', () => new ZScoreStream(5).next(Float64Array.of(-Infinity), new Float64Array(1))],
  ['CoMomentsStream.fromJSON: null', () => CoMomentsStream.fromJSON(null)],
  ['CoMomentsStream.fromJSON: window 1e9 in the arguments', tamperedMoments((_, j) => void (j.args = [1e9]))],
  ['CoMomentsStream.fromJSON: window changed', tamperedMoments((s) => void (s.window = 3))],
  ['CoMomentsStream.fromJSON: head 99', tamperedMoments((s) => void (s.head = 99))],
  ['CoMomentsStream.fromJSON: head 0.5', tamperedMoments((s) => void (s.head = 0.5))],
  ['CoMomentsStream.fromJSON: count -1', tamperedMoments((s) => void (s.count = -1))],
  ['CoMomentsStream.fromJSON: count 21', tamperedMoments((s) => void (s.count = 21))],
  ['CoMomentsStream.fromJSON: sum of x 1e6', tamperedMoments((s) => void (s.sx = 1e6))],
  ['CoMomentsStream.fromJSON: sum of x low word "NaN"', tamperedMoments((s) => void (s.sxLow = 'NaN'))],
  ['CoMomentsStream.fromJSON: mean of y 5', tamperedMoments((s) => void (s.my = 5))],
  ['CoMomentsStream.fromJSON: C_xx -5', tamperedMoments((s) => void (s.cxx = -5))],
  ['CoMomentsStream.fromJSON: C_xx 0 (NaN for ever once it goes negative)', tamperedMoments((s) => void (s.cxx = 0))],
  ['CoMomentsStream.fromJSON: C_xy 1000', tamperedMoments((s) => void (s.cxy = 1000))],
  ['CoMomentsStream.fromJSON: run of x 0.5', tamperedMoments((s) => void (s.runX = 0.5))],
  ['CoMomentsStream.fromJSON: run of x 1e6 on a moving window', tamperedMoments((s) => void (s.runX = 1e6))],
  ['CoMomentsStream.fromJSON: a window value changed', tamperedMoments((s) => void (s.xs[3] = s.xs[3] + 0.5))],
  ['CoMomentsStream.fromJSON: a window of 2 values', tamperedMoments((s) => void (s.xs = [1, 2]))],
  ['ZScoreStream.fromJSON: run 1e6 on a moving window', tamperedZ((s) => void (s.run = 1e6))],
  ['ZScoreStream.fromJSON: C_xx 0', tamperedZ((s) => void (s.cxx = 0))],
  ['ZScoreStream.fromJSON: an empty slot filled', tamperedZ((s) => void (s.xs[9] = 1))],
  // cross-asset builders
  ['syntheticFeatures: symbol a number', () => syntheticFeatures(any(5), ['BTC'])],
  ['syntheticFeatures: symbol an object without a prototype', () => syntheticFeatures(any(Object.create(null)), ['BTC'])],
  ['syntheticFeatures: symbol empty', () => syntheticFeatures('', ['BTC'])],
  ['syntheticFeatures: symbol with a dash', () => syntheticFeatures('ETH-USD', ['BTC'])],
  ['syntheticFeatures: a 10,000-character symbol', () => syntheticFeatures(LONG, ['BTC'])],
  ['syntheticFeatures: peers a string', () => syntheticFeatures('ETH', any('BTC'))],
  ['syntheticFeatures: peers null', () => syntheticFeatures('ETH', any(null))],
  ['syntheticFeatures: a peer that is a number', () => syntheticFeatures('ETH', any([5]))],
  ['syntheticFeatures: a peer twice', () => syntheticFeatures('ETH', ['BTC', 'btc'])],
  ['syntheticFeatures: a peer with a dash', () => syntheticFeatures('ETH', ['BTC-USD'])],
  ['syntheticFeatures: options null', () => syntheticFeatures('ETH', ['BTC'], any(null))],
  ['syntheticFeatures: options a number', () => syntheticFeatures('ETH', ['BTC'], any(5))],
  ['syntheticFeatures: an unknown option', () => syntheticFeatures('ETH', ['BTC'], any({ windows: [20] }))],
  ['syntheticFeatures: windows a number', () => syntheticFeatures('ETH', ['BTC'], any({ correlationWindows: 20 }))],
  ['syntheticFeatures: windows null', () => syntheticFeatures('ETH', ['BTC'], any({ betaWindows: null }))],
  ['syntheticFeatures: a window of 1', () => syntheticFeatures('ETH', ['BTC'], { correlationWindows: [1] })],
  ['syntheticFeatures: a window of 1e9', () => syntheticFeatures('ETH', ['BTC'], { spreadWindows: [1e9] })],
  ['syntheticFeatures: a window twice', () => syntheticFeatures('ETH', ['BTC'], { correlationWindows: [20, 20] })],
  ['syntheticFeatures: a window as a string', () => syntheticFeatures('ETH', ['BTC'], any({ correlationWindows: ['20'] }))],
  ['syntheticFeatures: a lag of 0', () => syntheticFeatures('ETH', ['BTC'], { returnLags: [0] })],
  ['syntheticFeatures: a lag of 2.5', () => syntheticFeatures('ETH', ['BTC'], { returnLags: [2.5] })],
  ['syntheticFeatures: leader a number', () => syntheticFeatures('ETH', ['BTC'], any({ leader: 5 }))],
  ['syntheticFeatures: dispersion "yes"', () => syntheticFeatures('ETH', ['BTC'], any({ dispersion: 'yes' }))],
  ['syntheticFeatures: a basket too long to name', () => syntheticFeatures('ETH', Array.from({ length: 20 }, (_, i) => `SYM${i}`))],
  ['syntheticFeature: a number', () => syntheticFeature(any(5))],
  ['syntheticFeature: null', () => syntheticFeature(any(null))],
  ['syntheticFeature: not a cross-asset name', () => syntheticFeature('syn_x')],
  ['syntheticFeature: a 10,000-character name', () => syntheticFeature(`syn_${LONG}_btc_correlation_20`)],
  ['syntheticFeature: context null', () => syntheticFeature('syn_eth_btc_correlation_20', any(null))],
  ['syntheticFeature: context a number', () => syntheticFeature('syn_eth_btc_correlation_20', any(5))],
  ['syntheticFeature: an unknown context key', () => syntheticFeature('syn_eth_btc_correlation_20', any({ peer: ['BTC'] }))],
  ['syntheticFeature: context peers a string', () => syntheticFeature('syn_eth_btc_correlation_20', any({ peers: 'BTC' }))],
  ['syntheticFeature: context symbol a number', () => syntheticFeature('syn_eth_btc_correlation_20', any({ symbol: 5, peers: ['BTC'] }))],
  ['syntheticFeature: context peers twice', () => syntheticFeature('syn_eth_btc_correlation_20', { peers: ['BTC', 'btc'] })],
  ['symbolSlug: an object without a prototype', () => symbolSlug(any(Object.create(null)))],
  ['symbolSlug: a symbol', () => symbolSlug(any(Symbol('BTC')))],
  ['symbolSlug: with a dash', () => symbolSlug('BTC-USD')],
  // kernel builders
  ['lagKernel: periods -5', () => lagKernel('close', -5)],
  ['lagKernel: periods 0', () => lagKernel('close', 0)],
  ['lagKernel: periods 1e9 (an 8 GB ring)', () => lagKernel('close', 1e9)],
  ['lagKernel: periods 1.5', () => lagKernel('close', 1.5)],
  ['lagKernel: column a number', () => lagKernel(any(5), 1)],
  ['lagKernel: column the whole series', () => lagKernel(any(ETH.close), 1)],
  ['lagKernel: deps a string', () => lagKernel('close', 1, any('x'))],
  ['lagKernel: deps with null', () => lagKernel('close', 1, any([null]))],
  ['rollingExtremeKernel: period 0', () => rollingExtremeKernel('high', 0, 'max')],
  ['rollingExtremeKernel: period 1e9', () => rollingExtremeKernel('high', 1e9, 'max')],
  ['rollingExtremeKernel: kind "maxx"', () => rollingExtremeKernel('high', 5, any('maxx'))],
  ['coMomentsKernel: window 1', () => coMomentsKernel('a', 'b', 1)],
  ['coMomentsKernel: a column that is a number', () => coMomentsKernel(any(5), 'b', 20)],
  ['zScoreKernel: window 1e9', () => zScoreKernel('a', 1e9)],
  ['logReturnKernel: column a number', () => logReturnKernel(any(5))],
  ['logSpreadKernel: column null', () => logSpreadKernel('a', any(null))],
  ['col: an empty object', () => col(any({}), 'x')],
  ['col: null', () => col(any(null))],
  ['col: an output the kernel does not have', () => col(indicatorKernel('RSI'), 'nope')],
  ['col: a 10,000-character output', () => col(indicatorKernel('RSI'), LONG)],
  ['peerColumn: symbol a number', () => peerColumn(any(5), 'close')],
  ['peerColumn: field "price"', () => peerColumn('BTC', any('price'))],
  ['indicatorKernel: an unknown indicator', () => indicatorKernel('NOPE')],
  ['indicatorKernel: period -5', () => indicatorKernel('RSI', { period: -5 })],
  ['indicatorKernel: an input that is a number', () => indicatorKernel('RSI', {}, any({ real: 5 }))],
  ['indicatorKernel: an input the indicator does not have', () => indicatorKernel('RSI', {}, any({ bogus: 'close' }))],
  ['indicatorKernel: inputs null', () => indicatorKernel('RSI', {}, any(null))],
  ['indicatorColumn: period -5', () => indicatorColumn('RSI', { optInTimePeriod: -5 })],
  ['indicatorColumn: an unknown option', () => indicatorColumn('RSI', { bogus: 1 })],
  ['indicatorColumn: an unknown output', () => indicatorColumn('BBANDS', {}, 'nope')],
  ['indicatorColumn: a 10,000-character indicator name', () => indicatorColumn(LONG)],
  ['indicatorColumn: options null', () => indicatorColumn('RSI', any(null))],
  ['indicatorColumn: a 10,000-character option', () => indicatorColumn('RSI', { [LONG]: 14 })],
  ['indicatorColumn: a 10,000-character output', () => indicatorColumn('BBANDS', {}, LONG)],
  ['indicatorColumn: an input mapped to a peer column', () => indicatorColumn('RSI', {}, undefined, any({ real: 'peer:BTC:close' }))],
  ['indicatorColumn: inputs a string', () => indicatorColumn('RSI', {}, undefined, any('close'))],
  // lookbacks
  ['featureLookback: a number', () => featureLookback(any(5), '1h')],
  ['featureLookback: null', () => featureLookback(any(null), '1h')],
  ['featureLookback: an empty spec', () => featureLookback(any({}), '1h')],
  ['featureLookback: a negative lookback', () => featureLookback(any({ lookback: -1 }), '1h')],
  ['featureLookback: a calendar "month"', () => featureLookback(any({ lookback: 5, calendar: 'month' }), '1h')],
  ['featureLookback: timeframe 2h', () => featureLookback('rsi_14', any('2h'))],
  ['featureLookback: timeframe null', () => featureLookback('rsi_14', any(null))],
  ['featureLookback: a 10,000-character name', () => featureLookback(LONG, '1h')],
  // histories
  ['fromHistory: a missing peer history', () => peerStream().fromHistory(ETH)],
  ['fromHistory: peers null', () => peerStream().fromHistory(ETH, any(null))],
  ['fromHistory: an extra peer history', () => peerStream().fromHistory(ETH, { BTC, SOL: BTC })],
  ['fromHistory: a peer history on other times', () => peerStream().fromHistory(ETH, { BTC: shifted(BTC, 900_000) })],
  ['fromHistory: a peer history one shorter', () => peerStream().fromHistory(ETH, { BTC: { ...BTC, time: BTC.time.subarray(1) } })],
  ['fromHistory: peers given to a stream without peers', () => ethStream().fromHistory(ETH, { BTC })],
  ['fromHistory: a history before the last candle', () => {
    const s = ethStream().fromHistory(ETH);
    return s.fromHistory(ETH);
  }],
  ['next after fromHistory: a candle before the history', () => ethStream().fromHistory(ETH).next(candleAt(ETH, 5))],
  // parallel computation (in this thread: the sources have no built worker file)
  ['computeFeaturesParallel: bySymbol null', () => computeFeaturesParallel(any(null))],
  ['computeFeaturesParallel: bySymbol a number', () => computeFeaturesParallel(any(5))],
  ['computeFeaturesParallel: bySymbol an array', () => computeFeaturesParallel(any([ETH]))],
  ['computeFeaturesParallel: a symbol null', () => computeFeaturesParallel(any({ ETH: null }))],
  ['computeFeaturesParallel: a NaN close', () => computeFeaturesParallel({ ETH: { ...ETH, close: withNaN(ETH.close, 3) } })],
  ['computeFeaturesParallel: workers -1', () => computeFeaturesParallel({ ETH }, { workers: -1 })],
  ['computeFeaturesParallel: workers 1.5', () => computeFeaturesParallel({ ETH }, { workers: 1.5 })],
  ['computeFeaturesParallel: workers NaN', () => computeFeaturesParallel({ ETH }, { workers: NaN })],
  ['computeFeaturesParallel: workers "2"', () => computeFeaturesParallel({ ETH }, any({ workers: '2' }))],
  ['computeFeaturesParallel: a misspelt option', () => computeFeaturesParallel({ ETH }, any({ worker: 2 }))],
  ['computeFeaturesParallel: options null', () => computeFeaturesParallel({ ETH }, any(null))],
  ['computeFeaturesParallel: peers (not an option of it)', () => computeFeaturesParallel({ ETH }, any({ peers: { BTC } }))],
  ['computeFeaturesParallel: features a string', () => computeFeaturesParallel({ ETH }, any({ workers: 0, features: 'rsi_14' }))],
];
