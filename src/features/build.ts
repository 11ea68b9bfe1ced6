import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import { checkOptions } from '../core/options.js';
import { CANDLE_VALUE_FIELDS, type CandleValueField } from '../core/types.js';
import { getIndicator } from '../indicators/registry.js';
import { resolveParams } from '../indicators/params.js';
import type { InputName } from '../indicators/types.js';
import { col } from './columns.js';
import { batched } from './formula.js';
import { indicatorKernel } from './kernels/indicator.js';
import type { ColumnKey, FeatureDef, FeatureScale, Kernel, TalibRef } from './types.js';

/** Fields shared by every catalogue entry a builder makes. */
export interface EntryInfo {
  name: string;
  group: string;
  description: string;
  scale: FeatureScale;
}

/**
 * A feature equal to one output of an engine indicator, declaring its TA-Lib equivalence (so parity is checked
 * generically) and its lookback from the indicator's metadata.
 *
 * @example
 * ```ts
 * talibFeature({ name: 'rsi_14', group: 'momentum', description: 'RSI(14)', scale: 'oscillator' }, 'RSI', { period: 14 })
 * ```
 */
export function talibFeature(info: EntryInfo, fn: string, options: Record<string, number> = {}, output?: string, inputs: Partial<Record<InputName, CandleValueField>> = {}): FeatureDef {
  const { kernel, talib, lookback, column } = indicatorColumn(fn, options, output, inputs);
  return { ...info, lookback, talib, kernels: [kernel], columns: [column] };
}

/** An indicator output as a column, with its kernel, TA-Lib reference and lookback. */
export interface IndicatorColumn {
  kernel: Kernel;
  column: ColumnKey;
  talib: TalibRef;
  lookback: number;
}

/**
 * One output of an engine indicator as a column. Options and the output are spelled in TA-Lib's vocabulary
 * (`optInTimePeriod`, `outRealUpperBand`), like {@link TalibRef}; unspecified options take their defaults.
 * Throws `InvalidParameterError` for an option the indicator does not have (parameter 'options.<name>', listing the
 * ones it has) or an invalid value, an output it does not have (parameter 'output'), or an input mapped to anything
 * but a candle value field (parameter 'inputs.<input>').
 *
 * @example
 * ```ts
 * const upper = indicatorColumn('BBANDS', { optInTimePeriod: 20 }, 'outRealUpperBand')
 * upper.column   // => 'BBANDS(20,2,2,0)#upper'
 * upper.lookback // => 19
 * ```
 */
export function indicatorColumn(fn: string, options: Record<string, number> = {}, output?: string, inputs: Partial<Record<InputName, CandleValueField>> = {}): IndicatorColumn {
  const def = getIndicator(fn);
  const params: Record<string, number> = {};
  for (const [talibName, value] of Object.entries(checkOptions(options, def.meta.params.map((p) => p.talib), 'options'))) {
    params[def.meta.params.find((p) => p.talib === talibName)!.name] = value;
  }
  const resolved = resolveParams(def.meta, params);
  const out = output === undefined ? def.meta.outputs[0] : def.meta.outputs.find((o) => o.talib === output);
  if (out === undefined) throw new InvalidParameterError('output', `${def.meta.name} has no output ${describeValue(output)}`);
  for (const [name, field] of Object.entries(checkOptions(inputs, def.meta.inputs, 'inputs'))) {
    if (!(CANDLE_VALUE_FIELDS as readonly unknown[]).includes(field)) {
      throw new InvalidParameterError(`inputs.${name}`, `expected one of ${CANDLE_VALUE_FIELDS.join(', ')}, got ${describeValue(field)}`);
    }
  }
  const kernel = indicatorKernel(fn, resolved, inputs as Partial<Record<InputName, ColumnKey>>);
  const talibInputs: Record<string, CandleValueField> = {};
  def.meta.inputs.forEach((name, j) => {
    const field = inputs[name];
    if (field !== undefined) talibInputs[j === 0 && def.meta.inputs.length === 1 ? 'inReal' : `inReal${j}`] = field;
  });
  const talib: TalibRef = {
    fn: def.meta.name,
    options: Object.fromEntries(def.meta.params.map((p) => [p.talib, resolved[p.name]!])),
    ...(def.meta.outputs.length > 1 ? { output: out.talib } : {}),
    ...(Object.keys(talibInputs).length > 0 ? { inputs: talibInputs } : {}),
  };
  return { kernel, column: col(kernel, out.name), talib, lookback: def.meta.lookback(resolved) };
}

/**
 * A scale-free price level: close / level - 1, so one model can serve BTC, ETH and SOL prices.
 *
 * @example
 * ```ts
 * ratioToClose({ name: 'sma_50_ratio', ... }, indicatorColumn('SMA', { period: 50 }))
 * ```
 */
export function ratioToClose(info: EntryInfo, level: IndicatorColumn): FeatureDef {
  return { ...info, lookback: level.lookback, kernels: [level.kernel], columns: ['close', level.column], formula: closeOverLevel };
}

/**
 * close / level - 1 (columns: close, level), shared by every `_ratio` feature.
 *
 * @example
 * ```ts
 * closeOverLevel([Float64Array.of(110), Float64Array.of(100)], 0) // => 0.10000000000000009
 * ```
 */
export function closeOverLevel(cols: readonly Float64Array[], i: number): number {
  return cols[0]![i]! / cols[1]![i]! - 1;
}
batched(closeOverLevel, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = closeOverLevel(c, i);
});
