/**
 * The pattern functions of the registry as the pattern tests call them: the batch function and the stream class
 * with their options (which the uniform definitions do not take), found through the entry file by naming convention
 * (`cdlX`, `cdlXMeta`, `CdlXStream`).
 */
import * as indicators from '../../../src/indicators/index.js';
import type { CandlePatternOptions } from '../../../src/indicators/kernels/candle-settings.js';
import type { IndicatorDefinition } from '../../../src/indicators/types.js';
import type { Ohlc } from './rich-series.js';

type Batch = (o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array, ...rest: unknown[]) => Float64Array;
type OhlcCandle = { open: number; high: number; low: number; close: number };
/** A pattern stream as the tests drive it. */
export interface PatternStream {
  next(c: OhlcCandle): number;
  peek(c: OhlcCandle): number;
  toJSON(): unknown;
}
type StreamClass = (new (...args: unknown[]) => PatternStream) & { fromJSON(json: unknown): PatternStream };

/** One pattern's batch function and stream constructor, with the penetration first when it takes one. */
export interface PatternFns {
  readonly def: IndicatorDefinition;
  readonly camel: string;
  batch(s: Ohlc, options?: CandlePatternOptions, penetration?: number): Float64Array;
  stream(options?: CandlePatternOptions, penetration?: number): PatternStream;
  readonly Stream: StreamClass;
}

const exported = indicators as unknown as Record<string, unknown>;

/** The functions of `def` (throws when the entry file does not export them by the naming convention). */
export function patternFns(def: IndicatorDefinition): PatternFns {
  const metaKey = Object.keys(exported).find((k) => k.endsWith('Meta') && exported[k] === def.meta);
  if (metaKey === undefined) throw new Error(`${def.meta.name}: no <name>Meta export in src/indicators/index.ts`);
  const camel = metaKey.slice(0, -4);
  const batch = exported[camel] as Batch;
  const Stream = exported[`${camel[0]!.toUpperCase()}${camel.slice(1)}Stream`] as StreamClass;
  if (typeof batch !== 'function' || typeof Stream !== 'function') throw new Error(`${def.meta.name}: ${camel} or its stream class is not exported`);
  const pen = def.meta.params[0]?.default;
  const takesPenetration = pen !== undefined;
  return {
    def,
    camel,
    Stream,
    batch: (s, options, penetration) =>
      takesPenetration ? batch(s.open, s.high, s.low, s.close, penetration ?? pen, options) : batch(s.open, s.high, s.low, s.close, options),
    stream: (options, penetration) => (takesPenetration ? new Stream(penetration ?? pen, options) : new Stream(options)),
  };
}

/** Candle `i` of `s`. */
export function candleAt(s: Ohlc, i: number): OhlcCandle {
  return { open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]! };
}

/**
 * Drives a stream over `s`, with a peek of another candle before some updates and of the same candle before others
 * (which must equal next), and a JSON round trip half-way; returns the outputs.
 */
export function streamOutputs(fns: PatternFns, s: Ohlc, options?: CandlePatternOptions, penetration?: number): Float64Array {
  const n = s.close.length;
  const out = new Float64Array(n);
  let stream = fns.stream(options, penetration);
  for (let i = 0; i < n; i++) {
    const c = candleAt(s, i);
    if (i % 5 === 1) stream.peek({ open: c.open * 1.01, high: c.high * 1.2, low: c.low * 0.8, close: c.close * 0.99 });
    const peeked = i % 3 === 0 ? stream.peek(c) : undefined;
    out[i] = stream.next(c);
    if (peeked !== undefined && !Object.is(peeked, out[i])) throw new Error(`${fns.def.meta.name}: peek ${peeked} != next ${out[i]} at ${i}`);
    if (i === Math.floor(n / 2)) stream = fns.Stream.fromJSON(JSON.parse(JSON.stringify(stream.toJSON())));
  }
  return out;
}
