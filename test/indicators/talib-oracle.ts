import { createRequire } from 'node:module';
import type { IndicatorMeta, IndicatorParams, InputName } from '../../src/indicators/types.js';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: Record<string, unknown>): TalibResult; version: string };

const INPUT_KEY: Record<InputName, string> = {
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  real: 'inReal',
  real0: 'inReal0',
  real1: 'inReal1',
  periods: 'inPeriods',
};

/** Output of TA-Lib aligned to the input: NaN before `begIndex`, keyed by our output names. */
export interface OracleOutput {
  readonly begIndex: number;
  readonly nbElement: number;
  readonly outputs: Record<string, Float64Array>;
}

/**
 * Runs the real TA-Lib C library (npm `talib`, TA-Lib 0.6 built from source) on the same inputs and parameters.
 * Inputs are converted to plain `number[]`: the binding silently misreads typed arrays.
 */
export function runTalib(meta: IndicatorMeta, inputs: Partial<Record<InputName, Float64Array>>, params: IndicatorParams): OracleOutput {
  const n = inputs[meta.inputs[0]!]!.length;
  const args: Record<string, unknown> = { name: meta.name, startIdx: 0, endIdx: n - 1 };
  for (const name of meta.inputs) args[INPUT_KEY[name]] = Array.from(inputs[name]!);
  for (const spec of meta.params) args[spec.talib] = params[spec.name];
  const r = talib.execute(args);
  if (r === undefined || r.result === undefined) throw new Error(`talib ${meta.name} failed: ${JSON.stringify(r)}`);
  const outputs: Record<string, Float64Array> = {};
  for (const o of meta.outputs) {
    const values = r.result[o.talib];
    if (values === undefined) throw new Error(`talib ${meta.name} has no output ${o.talib}: ${Object.keys(r.result).join(', ')}`);
    const aligned = new Float64Array(n).fill(NaN);
    for (let i = 0; i < r.nbElement; i++) aligned[r.begIndex + i] = values[i]!;
    outputs[o.name] = aligned;
  }
  return { begIndex: r.begIndex, nbElement: r.nbElement, outputs };
}

export const talibVersion = talib.version;

/**
 * One of TA-Lib's math transforms (SIN, COS, ATAN, ...) on plain values: the C library's libm (glibc on Linux)
 * as TA-Lib calls it.
 */
export function talibTransform(name: string, values: readonly number[]): number[] {
  const r = talib.execute({ name, startIdx: 0, endIdx: values.length - 1, inReal: [...values] });
  if (r === undefined || r.result?.outReal === undefined || r.nbElement !== values.length) throw new Error(`talib ${name} failed: ${JSON.stringify(r)}`);
  return r.result.outReal;
}
