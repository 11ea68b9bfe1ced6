import { InvalidParameterError, LengthMismatchError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import type { IndicatorInputs, IndicatorMeta, IndicatorParams } from './types.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * Fills defaults (for missing or undefined parameters) and validates every parameter against its {@link ParamSpec}:
 * a finite number, integer where required, inside [min, max]. Unknown parameter names and a `given` that is not an
 * object are rejected too. Throws {@link InvalidParameterError} naming the indicator and parameter.
 *
 * @example
 * ```ts
 * resolveParams(rsiMeta, { period: 0 }) // throws: RSI.period: must be an integer in [2, 100000], got 0
 * ```
 */
export function resolveParams(meta: Pick<IndicatorMeta, 'name' | 'params'>, given: Partial<IndicatorParams> = {}): IndicatorParams {
  if (!isPlainObject(given)) throw new InvalidParameterError(`${meta.name}.params`, `expected an object of parameters, got ${describeValue(given)}`);
  const out: Record<string, number> = {};
  for (const key of Object.keys(given)) {
    if (given[key] !== undefined && !meta.params.some((p) => p.name === key)) {
      throw new InvalidParameterError(`${meta.name}.${key}`, `unknown parameter; expected one of ${meta.params.map((p) => p.name).join(', ') || '(none)'}`);
    }
  }
  for (const spec of meta.params) {
    const value = given[spec.name] === undefined ? spec.default : given[spec.name]!;
    checkParam(meta.name, spec.name, value, spec.min, spec.max, spec.integer);
    out[spec.name] = value;
  }
  return out;
}

/**
 * Validates one parameter value. Used by batch functions and stream constructors, which take positional
 * parameters for speed and ergonomics.
 *
 * @example
 * ```ts
 * checkParam('SMA', 'period', 20, 2, 100000, true) // ok
 * ```
 */
export function checkParam(indicator: string, name: string, value: number, min: number, max: number, integer: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new InvalidParameterError(
      `${indicator}.${name}`,
      `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${describeValue(value)}`,
    );
  }
}

/** Validates all positional parameters of `meta` in declaration order. */
export function checkParams(meta: IndicatorMeta, ...values: number[]): void {
  for (let i = 0; i < meta.params.length; i++) {
    const spec = meta.params[i]!;
    checkParam(meta.name, spec.name, values[i]!, spec.min, spec.max, spec.integer);
  }
}

/**
 * Checks that batch inputs are `Float64Array`s of equal length and returns that length.
 * Throws {@link InvalidParameterError} for a wrong type and {@link LengthMismatchError} for unequal lengths.
 */
export function checkSeries(indicator: string, ...series: readonly unknown[]): number {
  let n = -1;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    if (!(s instanceof Float64Array)) {
      throw new InvalidParameterError(`${indicator}.input[${i}]`, `expected a Float64Array, got ${describeValue(s)}`);
    }
    if (n === -1) n = s.length;
    else if (s.length !== n) throw new LengthMismatchError(`${indicator}: input[${i}] has length ${s.length}, input[0] has ${n}`);
  }
  return n;
}

/** Picks the named inputs in `meta.inputs` order, throwing when `inputs` is not an object or one is missing. */
export function requireInputs(meta: IndicatorMeta, inputs: IndicatorInputs): Float64Array[] {
  if (!isPlainObject(inputs)) throw new InvalidParameterError(`${meta.name}.inputs`, `expected an object of input series, got ${describeValue(inputs)}`);
  return meta.inputs.map((name) => {
    const s = inputs[name];
    if (s === undefined) throw new InvalidParameterError(`${meta.name}.inputs.${name}`, `missing input series (expected ${meta.inputs.join(', ')})`);
    return s;
  });
}

/** A new output array of length n filled with NaN (the warm-up value). */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}
