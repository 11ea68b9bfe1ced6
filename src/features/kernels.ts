import type { Candle } from '../core/types.js';
import { resolveParams } from '../indicators/params.js';
import { getIndicator } from '../indicators/registry.js';
import { BaseStream } from '../core/stream.js';
import type { IndicatorParams, IndicatorStream, InputName } from '../indicators/types.js';
import type { ColumnKey, Kernel, KernelStream } from './types.js';

/** The column key of one output of a kernel. */
export function col(kernel: Kernel, output?: string): ColumnKey {
  const name = output ?? kernel.outputs[0]!;
  if (!kernel.outputs.includes(name)) throw new Error(`kernel ${kernel.key} has no output ${name}`);
  return `${kernel.key}#${name}`;
}

const CANDLE_INPUTS = new Set<InputName>(['open', 'high', 'low', 'close', 'volume']);
const CANDLE_FIELD_CODES: readonly InputName[] = ['open', 'high', 'low', 'close', 'volume'];

/**
 * A kernel running one engine indicator (TA-Lib semantics) with resolved parameters. Inputs default to the
 * candle field of the same name, and `real` inputs to the close; `inputs` overrides that mapping with any column.
 *
 * @example
 * ```ts
 * indicatorKernel('BBANDS', { period: 20 }) // outputs upper, middle, lower
 * ```
 */
export function indicatorKernel(fn: string, params: Partial<IndicatorParams> = {}, inputs: Partial<Record<InputName, ColumnKey>> = {}, deps: readonly Kernel[] = []): Kernel {
  const def = getIndicator(fn);
  const resolved = resolveParams(def.meta, params);
  const columns = def.meta.inputs.map((name) => inputs[name] ?? (CANDLE_INPUTS.has(name) ? name : 'close'));
  const mapped = def.meta.inputs.some((name, j) => columns[j] !== (CANDLE_INPUTS.has(name) ? name : 'close'));
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

/** Streaming side of {@link indicatorKernel}: feeds the wrapped indicator stream and copies its outputs. */
class IndicatorKernelStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly inner: IndicatorStream;
  private readonly candleInput: boolean;
  private readonly fields: readonly InputName[];
  /** Candle field of each input (0 open .. 4 volume), for the fill of `candle` with plain property writes. */
  private readonly fieldCodes: Int8Array;
  private readonly outputNames: readonly string[];
  private readonly candle: Candle = { time: 0, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };

  constructor(fn: string, params: IndicatorParams) {
    super(`kernel:${fn}`, [fn, params]);
    const def = getIndicator(fn);
    this.inner = def.stream(params);
    this.fields = def.meta.inputs;
    this.candleInput = def.meta.inputs.every((name) => CANDLE_INPUTS.has(name));
    this.fieldCodes = Int8Array.from(def.meta.inputs, (name) => CANDLE_FIELD_CODES.indexOf(name));
    this.outputNames = def.meta.outputs.map((o) => o.name);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const inner = this.inner as unknown as { next(...a: unknown[]): number | Record<string, number> };
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
      r = inner.next(c);
    } else {
      r = this.fields.length === 1 ? inner.next(inputs[0]!) : inner.next(inputs[0]!, inputs[1]!);
    }
    if (typeof r === 'number') out[0] = r;
    else for (let j = 0; j < this.outputNames.length; j++) out[j] = r[this.outputNames[j]!]!;
  }
}

/**
 * The value of a column `periods` candles ago (NaN for the first `periods` rows).
 *
 * @example
 * ```ts
 * lagKernel('close', 24) // close[t - 24]
 * ```
 */
export function lagKernel(column: ColumnKey, periods: number, deps: readonly Kernel[] = []): Kernel {
  return {
    key: `lag(${column},${periods})`,
    inputs: [column],
    deps,
    outputs: ['value'],
    batch([src], n) {
      const out = new Float64Array(n).fill(NaN);
      for (let i = periods; i < n; i++) out[i] = src![i - periods]!;
      return [out];
    },
    stream: () => new LagStream(periods),
  };
}

class LagStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;

  constructor(private readonly periods: number) {
    super('kernel:lag', [periods]);
    this.ring = new Float64Array(periods + 1);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const size = this.periods + 1;
    this.ring[this.head] = inputs[0]!;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.count < this.periods) {
      this.count++;
      out[0] = NaN;
      return;
    }
    out[0] = this.ring[this.head]!;
  }
}

/**
 * Rolling maximum or minimum of a column over the last `period` rows including the current one
 * (NaN for the first `period - 1` rows). The extreme's index is tracked and the window rescanned only when
 * it leaves, as TA-Lib's MAX/MIN do.
 *
 * @example
 * ```ts
 * rollingExtremeKernel('high', 96, 'max') // highest high of the last day of 15m candles
 * ```
 */
export function rollingExtremeKernel(column: ColumnKey, period: number, kind: 'max' | 'min', deps: readonly Kernel[] = []): Kernel {
  const sign = kind === 'max' ? 1 : -1;
  return {
    key: `${kind}(${column},${period})`,
    inputs: [column],
    deps,
    outputs: ['value'],
    batch([src], n) {
      const out = new Float64Array(n).fill(NaN);
      let at = -1;
      for (let i = period - 1; i < n; i++) {
        const start = i - period + 1;
        if (at < start) {
          at = start;
          for (let j = start + 1; j <= i; j++) if (sign * src![j]! >= sign * src![at]!) at = j;
        } else if (sign * src![i]! >= sign * src![at]!) at = i;
        out[i] = src![at]!;
      }
      return [out];
    },
    stream: () => new RollingExtremeStream(period, sign),
  };
}

class RollingExtremeStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly window: Float64Array;
  private count = 0;
  /** Absolute index of the current extreme, or -1 before the first full window. */
  private at = -1;

  constructor(
    private readonly period: number,
    private readonly sign: number,
  ) {
    super('kernel:extreme', [period, sign]);
    this.window = new Float64Array(period);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const { period, sign, window } = this;
    const i = this.count++;
    window[i % period] = inputs[0]!;
    if (i < period - 1) {
      out[0] = NaN;
      return;
    }
    const start = i - period + 1;
    if (this.at < start) {
      this.at = start;
      for (let j = start + 1; j <= i; j++) if (sign * window[j % period]! >= sign * window[this.at % period]!) this.at = j;
    } else if (sign * window[i % period]! >= sign * window[this.at % period]!) this.at = i;
    out[0] = window[this.at % period]!;
  }
}
