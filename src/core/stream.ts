import { StateError } from './errors.js';

/** JSON form of a stream: the indicator, its constructor arguments and its full internal state. */
export interface SerializedStream {
  readonly indicator: string;
  readonly args: readonly unknown[];
  readonly state: Record<string, unknown>;
}

type StateValue = number | boolean | string | Float64Array | Int32Array | Uint8Array | BaseStream<never[], unknown> | StateObject;
interface StateObject {
  [key: string]: unknown;
}

const SKIP = new Set(['indicator', 'args', 'scratch', 'stateKeys']);

/**
 * Base class of every indicator stream.
 *
 * - `next(...)` (implemented by the subclass) commits a closed candle and returns the value.
 * - `peek(...)` evaluates a still-open candle and leaves the committed state unchanged. The default copies
 *   the state into a lazily created twin and calls `next` there, so after the first call it allocates nothing;
 *   subclasses may override it with a direct formula.
 * - `toJSON()` / `fromJSON()` serialize the complete state (NaN and infinities included) through plain JSON.
 *
 * State is every own field of the subclass: numbers, booleans, strings, typed arrays, nested streams and plain
 * objects of numbers (reused result objects). Subclasses keep nothing else in fields.
 */
export abstract class BaseStream<A extends unknown[], R> {
  private scratch: this | undefined = undefined;
  private stateKeys: string[] | undefined = undefined;

  /**
   * @param indicator TA-Lib name, checked on restore.
   * @param args the constructor arguments, replayed by `fromJSON`.
   */
  protected constructor(
    private readonly indicator: string,
    private readonly args: readonly unknown[],
  ) {}

  /** Commits one closed input and returns the indicator value (NaN during warm-up). */
  abstract next(...input: A): R;

  /** Evaluates `input` as the still-open candle: returns what `next(input)` would, without changing state. */
  peek(...input: A): R {
    if (this.scratch === undefined) this.scratch = this.fresh();
    copyState(this, this.scratch);
    return this.scratch.next(...input);
  }

  /** The complete state as a JSON-safe object; `JSON.stringify` it and restore with `fromJSON`. */
  toJSON(): SerializedStream {
    return { indicator: this.indicator, args: this.args, state: snapshot(this) };
  }

  /**
   * Restores a stream from {@link BaseStream.toJSON} output (or its `JSON.parse`d string).
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(rsi.toJSON())
   * const resumed = RsiStream.fromJSON(JSON.parse(saved))
   * ```
   */
  static fromJSON<T extends BaseStream<never[], unknown>>(this: new (...args: never[]) => T, json: unknown): T {
    const j = json as Partial<SerializedStream> | null;
    if (j === null || typeof j !== 'object' || !Array.isArray(j.args) || typeof j.state !== 'object' || j.state === null) {
      throw new StateError(`${this.name}.fromJSON: expected { indicator, args, state }`);
    }
    const stream = new this(...(j.args as never[]));
    restoreStreamState(stream, j as SerializedStream);
    return stream;
  }

  private fresh(): this {
    const Ctor = this.constructor as new (...args: unknown[]) => this;
    return new Ctor(...this.args);
  }

  /** @internal Names of the state fields, computed once per instance. */
  keys(): string[] {
    if (this.stateKeys === undefined) this.stateKeys = Object.keys(this).filter((k) => !SKIP.has(k) && (this as Record<string, unknown>)[k] !== undefined);
    return this.stateKeys;
  }
}

/**
 * Writes a serialized state into an existing stream built with the same constructor arguments (used to resume
 * composite streams, such as a feature stream, whose parts were created by their owner).
 * Throws {@link StateError} when the state belongs to another indicator or does not fit.
 */
export function restoreStreamState(stream: BaseStream<never[], unknown>, json: SerializedStream): void {
  const name = (stream as unknown as { indicator: string }).indicator;
  if (json === null || typeof json !== 'object' || json.indicator !== name || typeof json.state !== 'object' || json.state === null) {
    throw new StateError(`${name}: serialized state is for ${String(json?.indicator)}, not ${name}`);
  }
  restore(stream, json.state, name);
}

function isStream(v: unknown): v is BaseStream<never[], unknown> {
  return v instanceof BaseStream;
}

function copyState(from: BaseStream<never[], unknown>, to: BaseStream<never[], unknown>): void {
  const src = from as unknown as Record<string, StateValue>;
  const dst = to as unknown as Record<string, StateValue>;
  const keys = from.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = src[k]!;
    if (typeof v !== 'object') dst[k] = v;
    else if (ArrayBuffer.isView(v)) (dst[k] as Float64Array).set(v as Float64Array);
    else if (isStream(v)) copyState(v, dst[k] as BaseStream<never[], unknown>);
    // plain objects are reused result holders, overwritten by next(): nothing to copy
  }
}

function encode(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decode(x: unknown, where: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new StateError(`${where}: expected a number, got ${JSON.stringify(x)}`);
}

function snapshot(stream: BaseStream<never[], unknown>): Record<string, unknown> {
  const src = stream as unknown as Record<string, StateValue>;
  const out: Record<string, unknown> = {};
  for (const k of stream.keys()) {
    const v = src[k]!;
    if (typeof v === 'number') out[k] = encode(v);
    else if (typeof v !== 'object') out[k] = v;
    else if (ArrayBuffer.isView(v)) out[k] = Array.from(v as Float64Array, encode);
    else if (isStream(v)) out[k] = snapshot(v);
  }
  return out;
}

function restore(stream: BaseStream<never[], unknown>, state: Record<string, unknown>, where: string): void {
  const dst = stream as unknown as Record<string, StateValue>;
  for (const k of stream.keys()) {
    const cur = dst[k]!;
    const v = state[k];
    const path = `${where}.${k}`;
    if (typeof cur === 'object' && !ArrayBuffer.isView(cur) && !isStream(cur)) continue;
    if (v === undefined) throw new StateError(`${path}: missing in serialized state`);
    if (typeof cur === 'number') dst[k] = decode(v, path);
    else if (typeof cur === 'boolean' || typeof cur === 'string') {
      if (typeof v !== typeof cur) throw new StateError(`${path}: expected ${typeof cur}`);
      dst[k] = v as boolean | string;
    } else if (ArrayBuffer.isView(cur)) {
      const arr = cur as Float64Array;
      if (!Array.isArray(v) || v.length !== arr.length) throw new StateError(`${path}: expected an array of ${arr.length}`);
      for (let i = 0; i < arr.length; i++) arr[i] = decode(v[i], path);
    } else if (isStream(cur)) {
      if (typeof v !== 'object' || v === null) throw new StateError(`${path}: expected an object`);
      restore(cur, v as Record<string, unknown>, path);
    }
  }
}
