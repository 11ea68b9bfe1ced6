/**
 * Helpers shared by the indicator tests: parameter sets, stream arguments built from series, stream calls by name and
 * typed-error expectations.
 */
import { expect } from 'vitest';
import { AlphaError } from '../../src/core/errors.js';
import type { IndicatorMeta, IndicatorParams, IndicatorStream, InputName } from '../../src/indicators/types.js';

/** The inputs that mean "the stream takes a candle". */
export const CANDLE_FIELDS = new Set<InputName>(['open', 'high', 'low', 'close', 'volume']);

/** Whether the stream of `meta` takes a candle (rather than numbers). */
export function takesCandle(meta: IndicatorMeta): boolean {
  return meta.inputs.every((x) => CANDLE_FIELDS.has(x));
}

/** Parameter sets: defaults, every minimum, a larger-than-default set, and each MA type. */
export function paramSets(meta: IndicatorMeta): IndicatorParams[] {
  const defaults = Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
  const sets: Record<string, number>[] = [defaults];
  if (meta.params.length > 0) {
    sets.push(Object.fromEntries(meta.params.map((p) => [p.name, p.talib.includes('MAType') ? p.default : p.min])));
    sets.push(
      Object.fromEntries(
        meta.params.map((p) => {
          if (p.talib.includes('MAType')) return [p.name, p.default];
          const v = p.integer ? Math.round(p.default * 1.5) + 1 : p.default * 1.5 + (p.default === 0 ? 0.01 : 0);
          return [p.name, Math.min(p.max, Math.max(p.min, v))];
        }),
      ),
    );
    for (const p of meta.params.filter((q) => q.talib.includes('MAType'))) {
      for (let t = 0; t <= 8; t++) if (t !== p.default) sets.push({ ...defaults, [p.name]: t });
    }
  }
  const seen = new Set<string>();
  return sets.filter((s) => !seen.has(JSON.stringify(s)) && (seen.add(JSON.stringify(s)), true));
}

/** The arguments of `next`/`peek` for row `i` of `inputs`: one candle, or the numbers in `meta.inputs` order. */
export function streamArgs(meta: IndicatorMeta, inputs: Record<InputName, Float64Array>, i: number): unknown[] {
  if (takesCandle(meta)) {
    return [{ time: i, open: inputs.open[i], high: inputs.high[i], low: inputs.low[i], close: inputs.close[i], volume: inputs.volume[i] }];
  }
  return meta.inputs.map((name) => inputs[name][i]);
}

/** The outputs of one stream result, in `meta.outputs` order. */
export function values(meta: IndicatorMeta, v: unknown): number[] {
  if (typeof v === 'number') return [v];
  const rec = v as Record<string, number>;
  return meta.outputs.map((o) => rec[o.name]!);
}

/** Calls `next` or `peek` with a runtime argument list. */
export function call(stream: IndicatorStream, method: 'next' | 'peek', args: unknown[]): unknown {
  return (stream[method] as (...a: unknown[]) => unknown)(...args);
}

/** Runs `fn`, expects an `AlphaError` with `code` and a bounded message, and returns it. */
export function expectCode(fn: () => unknown, code: string): AlphaError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a typed error').toBeInstanceOf(AlphaError);
  expect((caught as AlphaError).code).toBe(code);
  expect((caught as AlphaError).message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
  return caught as AlphaError;
}
