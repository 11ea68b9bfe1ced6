/**
 * Output buffers of batch indicators: the one mechanism behind every allocating function and its `...Into` variant.
 *
 * An indicator's `fooInto(out, ...inputs, ...params)` validates its parameters and inputs, then {@link intoOutput}
 * (or {@link intoOutputs}) checks the caller's buffer and writes NaN on the warm-up prefix `[0, min(lookback, n))`;
 * the kernel then writes `[lookback, n)`. So exactly `out[0 .. n)` is written (n = the inputs' length) and anything
 * past `n` is left as it was. The allocating `foo(...inputs, ...params)` is `fooInto(outputFor(input), ...)`: a fresh
 * `Float64Array` is already zero, so only the prefix is filled, never the whole array twice.
 *
 * A buffer that shares memory with an input or with another output is refused: the kernels read inputs after writing
 * outputs at earlier indexes (running sums, trailing values), so an in-place call would silently give wrong values.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import type { IndicatorMeta } from './types.js';

/**
 * A fresh output buffer for the batch function whose first input is `first`: a zeroed `Float64Array` of its length
 * (empty when `first` is not a `Float64Array`, which the `...Into` function then rejects with its own error).
 *
 * @example
 * ```ts
 * outputFor(new Float64Array(3)).length // => 3
 * ```
 */
export function outputFor(first: unknown): Float64Array {
  return new Float64Array(first instanceof Float64Array ? first.length : 0);
}

/**
 * Fresh buffers, one per output of `meta`, each as {@link outputFor}, keyed by output name.
 *
 * @example
 * ```ts
 * Object.keys(outputsFor(macdMeta, close)) // => ['macd', 'signal', 'hist']
 * ```
 */
export function outputsFor<K extends string>(meta: IndicatorMeta, first: unknown): Record<K, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const o of meta.outputs) out[o.name] = outputFor(first);
  return out as Record<K, Float64Array>;
}

/**
 * Checks the caller's buffer of a single-output `...Into` function, writes NaN on its warm-up prefix
 * `[0, min(lookback, n))` and returns its first `n` elements (the buffer itself when it has length `n`, else a view)
 * for the kernel. Throws `InvalidParameterError` (parameter `<indicator>.out`) when `out` is not a
 * `Float64Array`, is shorter than the inputs (`n`), or shares memory with one of `inputs` (named by `meta.inputs`).
 *
 * @example
 * ```ts
 * intoOutput(smaMeta, new Float64Array(5), 4, 1, [real]) // => Float64Array [NaN, 0, 0, 0] (a view of the first 4)
 * intoOutput(smaMeta, new Float64Array(2), 4, 1, [real]) // throws: SMA.out: expected a Float64Array of length >= 4 (the inputs' length), got length 2
 * ```
 */
export function intoOutput(meta: IndicatorMeta, out: unknown, n: number, lookback: number, inputs: readonly Float64Array[]): Float64Array {
  const buffer = checkBuffer(`${meta.name}.out`, out, n);
  checkDisjoint(meta, `${meta.name}.out`, buffer, n, inputs);
  buffer.fill(NaN, 0, Math.min(lookback, n));
  return exact(buffer, n);
}

/**
 * {@link intoOutput} for a multi-output `...Into` function: `out` is an object with one `Float64Array` per output of
 * `meta` (keyed by output name), each checked as {@link intoOutput} checks one (parameter `<indicator>.out.<name>`),
 * and no two of them may share memory. All are checked before any is written. Returns the first `n` elements of each,
 * keyed as `out`.
 *
 * @example
 * ```ts
 * intoOutputs(macdMeta, { macd: a, signal: b, hist: c }, n, 33, [close]).macd.length // => n
 * ```
 */
export function intoOutputs<T extends Readonly<Record<string, Float64Array>>>(
  meta: IndicatorMeta,
  out: T,
  n: number,
  lookback: number,
  inputs: readonly Float64Array[],
): { [K in keyof T]: Float64Array } {
  if (typeof out !== 'object' || out === null || ArrayBuffer.isView(out)) {
    throw new InvalidParameterError(`${meta.name}.out`, `expected an object of Float64Arrays (${meta.outputs.map((o) => o.name).join(', ')}), got ${describeValue(out)}`);
  }
  const buffers: Float64Array[] = [];
  for (const o of meta.outputs) {
    const name = `${meta.name}.out.${o.name}`;
    const buffer = checkBuffer(name, out[o.name], n);
    checkDisjoint(meta, name, buffer, n, inputs);
    const other = buffers.findIndex((b) => overlaps(b, buffer, n));
    if (other >= 0) throw new InvalidParameterError(name, `must not share memory with out.${meta.outputs[other]!.name}`);
    buffers.push(buffer);
  }
  const end = Math.min(lookback, n);
  const views: Record<string, Float64Array> = {};
  buffers.forEach((b, i) => (views[meta.outputs[i]!.name] = exact(b.fill(NaN, 0, end), n)));
  return views as { [K in keyof T]: Float64Array };
}

/** `b` itself when it has length `n`, else its first `n` elements (kernels that read an output back use its length). */
function exact(b: Float64Array, n: number): Float64Array {
  return b.length === n ? b : b.subarray(0, n);
}

function checkBuffer(name: string, out: unknown, n: number): Float64Array {
  if (!(out instanceof Float64Array)) throw new InvalidParameterError(name, `expected a Float64Array, got ${describeValue(out)}`);
  if (out.length < n) throw new InvalidParameterError(name, `expected a Float64Array of length >= ${n} (the inputs' length), got length ${out.length}`);
  return out;
}

function checkDisjoint(meta: IndicatorMeta, name: string, out: Float64Array, n: number, inputs: readonly Float64Array[]): void {
  for (let i = 0; i < inputs.length; i++) {
    if (overlaps(out, inputs[i]!, n)) throw new InvalidParameterError(name, `must not share memory with the input ${meta.inputs[i] ?? `input[${i}]`}`);
  }
}

/** Whether the first `n` elements of `a` and `b` share any byte. */
function overlaps(a: Float64Array, b: Float64Array, n: number): boolean {
  if (a.buffer !== b.buffer || n === 0) return false;
  const size = n * Float64Array.BYTES_PER_ELEMENT;
  return a.byteOffset < b.byteOffset + size && b.byteOffset < a.byteOffset + size;
}
