import { CANDLE_VALUE_FIELDS, type Candle, type CandleValueField } from '../../core/types.js';
import { resolveParams } from '../../indicators/params.js';
import { getIndicator } from '../../indicators/registry.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import type { IndicatorParams, IndicatorStream, InputName } from '../../indicators/types.js';
import { checkOptions } from '../../core/options.js';
import { checkColumns } from '../columns.js';
import type { ColumnKey, Kernel } from '../types.js';

/** The candle field an indicator input reads by default (`real` inputs read the close), or undefined for `real`s. */
function candleField(name: InputName): CandleValueField | undefined {
  return (CANDLE_VALUE_FIELDS as readonly string[]).includes(name) ? (name as CandleValueField) : undefined;
}

/**
 * A kernel running one engine indicator (TA-Lib semantics) with resolved parameters. Inputs default to the
 * candle field of the same name, and `real` inputs to the close; `inputs` overrides that mapping with any column.
 * Throws `InvalidParameterError` for an unknown indicator or parameter, an input the indicator does not have, or a
 * column that is no column key.
 *
 * @example
 * ```ts
 * indicatorKernel('BBANDS', { period: 20 }) // outputs upper, middle, lower
 * ```
 */
export function indicatorKernel(fn: string, params: Partial<IndicatorParams> = {}, inputs: Partial<Record<InputName, ColumnKey>> = {}, deps: readonly Kernel[] = []): Kernel {
  const def = getIndicator(fn);
  const resolved = resolveParams(def.meta, params);
  const mapping = checkOptions(inputs, def.meta.inputs, 'inputs');
  const columns = def.meta.inputs.map((name) => mapping[name] ?? candleField(name) ?? 'close');
  checkColumns(columns, 'inputs', deps);
  const mapped = def.meta.inputs.some((name, j) => columns[j] !== (candleField(name) ?? 'close'));
  const args = def.meta.params.map((p) => resolved[p.name]).join(',');
  return {
    key: `${def.meta.name}(${args})${mapped ? `[${columns.join(',')}]` : ''}`,
    inputs: columns,
    deps,
    outputs: def.meta.outputs.map((o) => o.name),
    batch(ins) {
      const named: Partial<Record<InputName, Float64Array>> = {};
      def.meta.inputs.forEach((name, j) => (named[name] = ins[j]!));
      const out = def.compute(named, resolved);
      return def.meta.outputs.map((o) => out[o.name]!);
    },
    stream: () => new IndicatorKernelStream(def.meta.name, resolved),
  };
}

/**
 * The candle an indicator kernel stream feeds its indicator. A class of its own, so its fields keep an unboxed number
 * representation: a candle-shaped object literal shares its hidden class with every other one (snapshots of
 * unchecked values among them), whose fields then hold boxed numbers and every write allocates.
 */
class KernelCandle implements Candle {
  time = 0;
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  volume = NaN;
}

/** Streaming side of {@link indicatorKernel}: feeds the wrapped indicator stream and copies its outputs. */
class IndicatorKernelStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly inner: IndicatorStream;
  private readonly candleInput: boolean;
  private readonly fields: readonly InputName[];
  /** Index in CANDLE_VALUE_FIELDS of each input's candle field (0 open .. 4 volume), for the fill of `candle` with plain property writes. */
  private readonly fieldCodes: Int8Array;
  private readonly outputNames: readonly string[];
  private readonly candle: Candle = new KernelCandle();
  /**
   * The wrapped stream's `next`, read once: a call through it skips the lookup of `next` on ~200 stream classes (a
   * megamorphic load, the costliest part of a kernel update). Not enumerable, so not state (BaseStream's state is the
   * enumerable own fields).
   */
  declare private readonly advance: (...input: unknown[]) => number | Record<string, number>;

  constructor(fn: string, params: IndicatorParams) {
    super(`kernel:${fn}`, [fn, params]);
    const def = getIndicator(fn);
    this.inner = def.stream(params);
    Object.defineProperty(this, 'advance', { value: this.inner.next, enumerable: false });
    this.fields = def.meta.inputs;
    this.candleInput = def.meta.inputs.every((name) => candleField(name) !== undefined);
    this.fieldCodes = Int8Array.from(def.meta.inputs, (name) => (CANDLE_VALUE_FIELDS as readonly string[]).indexOf(name));
    this.outputNames = def.meta.outputs.map((o) => o.name);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const inner = this.inner;
    const advance = this.advance;
    let r: number | Record<string, number>;
    if (this.candleInput) {
      const c = this.candle;
      const codes = this.fieldCodes;
      for (let j = 0; j < codes.length; j++) {
        const v = inputs[j]!;
        switch (codes[j]) {
          case 0:
            c.open = v;
            break;
          case 1:
            c.high = v;
            break;
          case 2:
            c.low = v;
            break;
          case 3:
            c.close = v;
            break;
          default:
            c.volume = v;
        }
      }
      r = advance.call(inner, c);
    } else {
      r = this.fields.length === 1 ? advance.call(inner, inputs[0]!) : advance.call(inner, inputs[0]!, inputs[1]!);
    }
    if (typeof r === 'number') out[0] = r;
    else for (let j = 0; j < this.outputNames.length; j++) out[j] = r[this.outputNames[j]!]!;
  }

  /** How inputs reach the indicator is configuration; the indicator's own state has its own rules. */
  protected override stateRules(): StateRules {
    return fixed('candleInput', 'fieldCodes');
  }
}
