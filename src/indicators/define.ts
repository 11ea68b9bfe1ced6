import { requireInputs, resolveParams } from './params.js';
import type { IndicatorDefinition, IndicatorInputs, IndicatorMeta, IndicatorMetaSpec, IndicatorParams, IndicatorStream } from './types.js';

/**
 * Builds an {@link IndicatorMeta} whose `lookback` takes the parameters as `compute` does: missing ones take their
 * defaults, and an unknown name or an invalid value throws `InvalidParameterError` (never a `TypeError`).
 *
 * @example
 * ```ts
 * const meta = defineMeta({ name: 'SMA', ..., lookback: (p) => p.period! - 1 })
 * meta.lookback()               // => 29 (the default period, 30)
 * meta.lookback({ period: -5 }) // throws: SMA.period: must be an integer in [2, 100000], got -5
 * ```
 */
export function defineMeta(spec: IndicatorMetaSpec): IndicatorMeta {
  return { ...spec, lookback: (params) => spec.lookback(resolveParams(spec, params)) };
}

/**
 * Builds the uniform {@link IndicatorDefinition} of an indicator from its metadata, a batch adapter that
 * receives the inputs in `meta.inputs` order and resolved parameters, and a stream factory.
 * A single-output batch result (a `Float64Array`) is keyed by the one output's name.
 *
 * @example
 * ```ts
 * export const RSI = defineIndicator(rsiMeta, ([close], p) => rsi(close, p.period), (p) => new RsiStream(p.period))
 * ```
 */
export function defineIndicator(
  meta: IndicatorMeta,
  batch: (inputs: Float64Array[], params: IndicatorParams) => Float64Array | Readonly<Record<string, Float64Array>>,
  stream: (params: IndicatorParams) => IndicatorStream,
): IndicatorDefinition {
  return {
    meta,
    compute(inputs: IndicatorInputs, params?: Partial<IndicatorParams>) {
      const out = batch(requireInputs(meta, inputs), resolveParams(meta, params));
      return out instanceof Float64Array ? { [meta.outputs[0]!.name]: out } : { ...out };
    },
    stream(params?: Partial<IndicatorParams>) {
      return stream(resolveParams(meta, params));
    },
  };
}
