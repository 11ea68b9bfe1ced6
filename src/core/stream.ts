import { InternalError, StateError } from './errors.js';
import { describeValue } from './describe.js';

/** JSON form of a stream: the indicator, its constructor arguments and its full internal state. */
export interface SerializedStream {
  readonly indicator: string;
  readonly args: readonly unknown[];
  readonly state: Record<string, unknown>;
}

/**
 * What a restore accepts in one state field beyond its type and length; a stream declares its rules in
 * {@link BaseStream.stateRules}. A number must be finite and inside [`min`, `max`] (bounds may be infinite), an
 * integer when `integer`, or NaN when `nan`. `fixed` means equal to the value of a freshly constructed stream: the
 * configuration the constructor derives from its arguments. For a typed array, the rule applies to every element, or
 * a list gives one rule per element.
 */
export interface FieldRule {
  /** Equal to the freshly constructed stream's value (configuration). */
  readonly fixed?: boolean;
  /** An integer (a counter, a position, an index). */
  readonly integer?: boolean;
  /** Smallest value allowed (default: the most negative finite number). */
  readonly min?: number;
  /** Largest value allowed (default: the largest finite number). */
  readonly max?: number;
  /** NaN is allowed too (a "no value yet" marker). */
  readonly nan?: boolean;
  /** Why the bounds are what they are, for the message of a failed check. */
  readonly why?: string;
}

/** The rules of a stream's state fields, by field name (see {@link BaseStream.stateRules}). */
export type StateRules = Readonly<Record<string, FieldRule | readonly FieldRule[]>>;

/** Configuration: the value the constructor sets, never changed by an update. */
export const FIXED: FieldRule = { fixed: true };
/** Any number, NaN and infinities included (a value that is legitimately undefined at times). */
export const ANY_NUMBER: FieldRule = { min: -Infinity, max: Infinity, nan: true };
/** A finite number (the default of a field whose fresh value is finite). */
export const FINITE: FieldRule = {};

/**
 * {@link FIXED} rules for the named fields (the configuration).
 *
 * @example
 * ```ts
 * protected override stateRules(): StateRules {
 *   return { ...fixed('period', 'nbDev'), count: int(0, this.period - 1) }
 * }
 * ```
 */
export function fixed(...names: string[]): StateRules {
  return Object.fromEntries(names.map((name) => [name, FIXED]));
}

/** An integer in [min, max]: a counter, a ring-buffer position, an index. */
export function int(min: number, max: number): FieldRule {
  return { integer: true, min, max };
}

/** A finite number in [min, max]. */
export function within(min: number, max: number): FieldRule {
  return { min, max };
}

type AnyStream = BaseStream<never[], unknown>;
type StateValue = number | boolean | string | Float64Array | Int32Array | Uint8Array | AnyStream | StateObject;
interface StateObject {
  [key: string]: unknown;
}

const SKIP = new Set(['indicator', 'args', 'scratch', 'stateKeys']);
/** More constructor arguments than any stream takes: a restore refuses to spread a longer list. */
const MAX_ARGS = 32;

/**
 * Base class of every indicator stream.
 *
 * - `next(...)` (implemented by the subclass) commits a closed candle and returns the value.
 * - `peek(...)` evaluates a still-open candle and leaves the committed state unchanged. The default copies
 *   the state into a lazily created twin and calls `next` there, so after the first call it allocates nothing;
 *   subclasses may override it with a direct formula.
 * - `toJSON()` / `fromJSON()` serialize the complete state (NaN, infinities and -0 included) through plain JSON.
 *
 * **Inputs.** Indicator streams take finite numbers only: `next` and `peek` throw `InvalidParameterError` naming the
 * input for NaN, ±Infinity, a non-number, or a candle without a finite value in a field the indicator reads, and the
 * state stays as it was, so the stream continues as if that input had never come. (Batch functions keep TA-Lib's
 * semantics: a NaN in a series propagates as TA-Lib propagates it.)
 *
 * **Restores.** A restore replays the constructor arguments through the constructor (and so its validation), then
 * checks every state field against the same field of a freshly constructed stream: the same type, the same
 * typed-array kind and length, every element fitting it, nested streams recursively, and the field's
 * {@link BaseStream.stateRules} (configuration unchanged, counters and positions inside their buffers). A number
 * without a rule must be finite when the fresh stream's is. A failure is a `StateError` naming the indicator and the
 * field, and nothing is written.
 *
 * State is every own field of the subclass: numbers, booleans, strings, typed arrays, nested streams and plain
 * objects of numbers (reused result objects, not state). Subclasses keep nothing else in fields.
 */
export abstract class BaseStream<A extends unknown[], R> {
  private scratch: this | undefined = undefined;
  private stateKeys: string[] | undefined = undefined;

  /**
   * @param indicator TA-Lib name, checked on restore and used in error messages.
   * @param args the constructor arguments, replayed by `fromJSON`.
   */
  protected constructor(
    protected readonly indicator: string,
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
   * Restores a stream from {@link BaseStream.toJSON} output (or its `JSON.parse`d string). Throws `StateError`
   * naming the field when the arguments or the state could not have come from such a stream.
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(rsi.toJSON())
   * const resumed = RsiStream.fromJSON(JSON.parse(saved))
   * ```
   */
  static fromJSON<T extends AnyStream>(this: new (...args: never[]) => T, json: unknown): T {
    const j = json as Partial<SerializedStream> | null;
    if (!isRecord(j) || !Array.isArray(j.args) || j.args.length > MAX_ARGS || !isRecord(j.state)) {
      throw new StateError(`${this.name}.fromJSON: expected { indicator, args, state }, got ${describeValue(json)}`);
    }
    const build = (): T => {
      try {
        return new this(...(j.args as never[]));
      } catch (e) {
        throw new StateError(`${this.name}.fromJSON: the arguments ${describeValue(j.args)} were rejected: ${e instanceof Error ? e.message : describeValue(e)}`);
      }
    };
    const stream = build();
    checkHeader(stream, j as SerializedStream);
    restoreFields(stream, build(), j.state, stream.indicator);
    return stream;
  }

  /**
   * The rules a restore checks on this stream's fields (see {@link FieldRule}), evaluated on the restored values, so a
   * bound may depend on another field (`head: int(0, this.period - 1)`). Rules are checked in the order given, before
   * the fields without one. Subclasses declare their configuration `FIXED` and their counters and positions, and
   * extend their parent's rules with `{ ...super.stateRules(), ... }`.
   */
  protected stateRules(): StateRules {
    return {};
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
 * composite streams, such as a feature stream, whose parts were created by their owner). The state is checked as
 * {@link BaseStream.fromJSON} checks it; on a `StateError` (another indicator, other arguments, a field that does not
 * fit) the stream is left unchanged.
 */
export function restoreStreamState(stream: AnyStream, json: SerializedStream): void {
  checkHeader(stream, json);
  const internals = stream as unknown as { fresh(): AnyStream; indicator: string };
  const restored = internals.fresh();
  restoreFields(restored, internals.fresh(), json.state, internals.indicator);
  copyState(restored, stream);
}

/**
 * JSON text with every object's keys sorted, so that equal values compare equal whatever their key order (a state
 * stored in a PostgreSQL `jsonb` column comes back with its keys reordered).
 */
function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** The indicator and the arguments of `json` must be those of `stream` (the arguments as its constructor keeps them). */
function checkHeader(stream: AnyStream, json: SerializedStream): void {
  const { indicator: name, args } = stream as unknown as { indicator: string; args: readonly unknown[] };
  if (!isRecord(json) || !isRecord(json.state)) throw new StateError(`${name}: expected { indicator, args, state }, got ${describeValue(json)}`);
  if (json.indicator !== name) throw new StateError(`${name}: serialized state is for ${describeValue(json.indicator)}, not ${name}`);
  const extra = Object.keys(json).find((k) => k !== 'indicator' && k !== 'args' && k !== 'state');
  if (extra !== undefined) throw new StateError(`${name}.${extra}: not part of a serialized stream (indicator, args, state)`);
  if (!Array.isArray(json.args) || canonicalJSON(json.args) !== canonicalJSON(args)) {
    throw new StateError(`${name}.args: the state was saved with ${describeValue(json.args)}, this stream has ${JSON.stringify(args).slice(0, 80)}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStream(v: unknown): v is AnyStream {
  return v instanceof BaseStream;
}

/** Result holders and other plain objects and arrays: not state. */
function isPlain(v: StateValue): boolean {
  return typeof v === 'object' && !ArrayBuffer.isView(v) && !isStream(v);
}

function copyState(from: AnyStream, to: AnyStream): void {
  const src = from as unknown as Record<string, StateValue>;
  const dst = to as unknown as Record<string, StateValue>;
  const keys = from.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = src[k]!;
    if (typeof v !== 'object') dst[k] = v;
    else if (ArrayBuffer.isView(v)) (dst[k] as Float64Array).set(v as Float64Array);
    else if (isStream(v)) copyState(v, dst[k] as AnyStream);
    // plain objects are reused result holders, overwritten by next(): nothing to copy
  }
}

function encode(x: number): number | string {
  if (Object.is(x, -0)) return '-0';
  return Number.isFinite(x) ? x : String(x);
}

function decode(x: unknown, where: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === '-0') return -0;
  throw new StateError(`${where}: expected a number, got ${describeValue(x)}`);
}

function snapshot(stream: AnyStream): Record<string, unknown> {
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

/**
 * Writes `state` into the freshly constructed `stream`, checking each value's type and shape, then checks the
 * stream's rules against `ref` (another fresh stream with the same arguments). Nested streams first, so that a
 * parent's rules see valid parts.
 */
function restoreFields(stream: AnyStream, ref: AnyStream, state: Record<string, unknown>, where: string): void {
  const dst = stream as unknown as Record<string, StateValue>;
  const keys = stream.keys();
  for (const k of Object.keys(state)) {
    if (!keys.includes(k) || isPlain(dst[k]!)) throw new StateError(`${where}.${k}: not a state field of ${where}`);
  }
  for (const k of keys) {
    const cur = dst[k]!;
    if (isPlain(cur)) continue;
    const v = state[k];
    const path = `${where}.${k}`;
    if (v === undefined) throw new StateError(`${path}: missing in serialized state`);
    if (typeof cur === 'number') dst[k] = decode(v, path);
    else if (typeof cur === 'boolean' || typeof cur === 'string') {
      if (typeof v !== typeof cur) throw new StateError(`${path}: expected a ${typeof cur}, got ${describeValue(v)}`);
      dst[k] = v as boolean | string;
    } else if (ArrayBuffer.isView(cur)) writeArray(cur as Float64Array, v, path);
    else if (isStream(cur)) {
      if (!isRecord(v)) throw new StateError(`${path}: expected an object, got ${describeValue(v)}`);
      restoreFields(cur, (ref as unknown as Record<string, AnyStream>)[k]!, v, path);
    }
  }
  checkRules(stream, ref, where);
}

function writeArray(arr: Float64Array, v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length !== arr.length) throw new StateError(`${path}: expected an array of ${arr.length}, got ${describeValue(v)}`);
  for (let i = 0; i < arr.length; i++) {
    const x = decode(v[i], `${path}[${i}]`);
    arr[i] = x;
    if (!Object.is(arr[i], x)) throw new StateError(`${path}[${i}]: ${describeValue(x)} does not fit a ${arr.constructor.name}`);
  }
}

/** Checks every field of a written stream against its rule (or the default rule) and the fresh stream `ref`. */
function checkRules(stream: AnyStream, ref: AnyStream, where: string): void {
  const rules = (stream as unknown as { stateRules(): StateRules }).stateRules();
  const cur = stream as unknown as Record<string, StateValue>;
  const fresh = ref as unknown as Record<string, StateValue>;
  const keys = stream.keys();
  for (const k of [...Object.keys(rules), ...keys.filter((key) => !(key in rules))]) {
    const v = cur[k]!;
    const f = fresh[k]!;
    const rule = rules[k];
    const path = `${where}.${k}`;
    if (typeof v === 'number') checkNumber(v, single(rule, path), f as number, path);
    else if (typeof v === 'string' || (typeof v === 'boolean' && single(rule, path)?.fixed === true)) {
      if (v !== f) throw new StateError(`${path}: must be ${describeValue(f)} (set by the constructor), got ${describeValue(v)}`);
    } else if (ArrayBuffer.isView(v)) {
      const arr = v as Float64Array;
      const freshArr = f as Float64Array;
      const list = Array.isArray(rule) ? (rule as readonly FieldRule[]) : undefined;
      if (list !== undefined && list.length !== arr.length) throw new InternalError(`${path}: ${list.length} rules for ${arr.length} elements`);
      for (let i = 0; i < arr.length; i++) checkNumber(arr[i]!, list?.[i] ?? (rule as FieldRule | undefined), freshArr[i]!, `${path}[${i}]`);
    } else if (v === undefined) throw new InternalError(`${path}: a state rule names no field`);
  }
}

function single(rule: FieldRule | readonly FieldRule[] | undefined, path: string): FieldRule | undefined {
  if (Array.isArray(rule)) throw new InternalError(`${path}: a list of rules for a single value`);
  return rule as FieldRule | undefined;
}

/** The default rule: finite where a fresh stream is finite; anything where it is not (a "not yet" marker). */
function checkNumber(v: number, rule: FieldRule | undefined, fresh: number, path: string): void {
  const r = rule ?? (Number.isFinite(fresh) ? {} : ANY_NUMBER);
  if (r.fixed === true) {
    if (!Object.is(v, fresh)) throw new StateError(`${path}: must be ${describeValue(fresh)} (set by the constructor), got ${describeValue(v)}`);
    return;
  }
  const min = r.min ?? -Number.MAX_VALUE;
  const max = r.max ?? Number.MAX_VALUE;
  const ok = Number.isNaN(v) ? r.nan === true : v >= min && v <= max && (r.integer !== true || Number.isInteger(v));
  if (!ok) throw new StateError(`${path}: must be ${describeRule(r, min, max)}${r.why === undefined ? '' : ` (${r.why})`}, got ${describeValue(v)}`);
}

function describeRule(r: FieldRule, min: number, max: number): string {
  const unbounded = min === -Number.MAX_VALUE && max === Number.MAX_VALUE;
  const what = r.integer === true ? `an integer${unbounded ? '' : ` in [${min}, ${max}]`}` : unbounded ? 'a finite number' : `a number in [${min}, ${max}]`;
  return r.nan === true ? `${what} or NaN` : what;
}
