import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { CANDLE_FIELDS, type CandleField } from '../core/types.js';
import type { ColumnKey, Kernel } from './types.js';

/**
 * The column key of one output of a kernel, `<kernel key>#<output>`: what a feature or a later kernel lists to read
 * it. Without `output`, the kernel's first output. Throws `InvalidParameterError` for a `kernel` that is no kernel
 * (parameter 'kernel') or an output it does not have (parameter 'output').
 *
 * @example
 * ```ts
 * col(indicatorKernel('BBANDS', { period: 20 }), 'upper') // => 'BBANDS(20,2,2,0)#upper'
 * ```
 */
export function col(kernel: Kernel, output?: string): ColumnKey {
  checkKernels([kernel], 'kernel');
  const name = output ?? kernel.outputs[0]!;
  if (!kernel.outputs.includes(name)) throw new InvalidParameterError('output', `kernel ${describeValue(kernel.key)} has no output ${describeValue(name)}`);
  return `${kernel.key}#${name}`;
}

/**
 * The column key of a peer symbol's candle field, for cross-asset kernels: `peer:<symbol>:<field>`. Throws
 * `InvalidParameterError` for a symbol that is no string or a field that is no candle field.
 *
 * @example
 * ```ts
 * peerColumn('BTC', 'close') // => 'peer:BTC:close'
 * lagKernel(peerColumn('BTC', 'close'), 1) // the leader's previous close
 * ```
 */
export function peerColumn(symbol: string, field: CandleField): ColumnKey {
  if (typeof symbol !== 'string') throw new InvalidParameterError('symbol', `expected a symbol (a string), got ${describeValue(symbol)}`);
  if (!(CANDLE_FIELDS as readonly unknown[]).includes(field)) throw new InvalidParameterError('field', `expected one of ${CANDLE_FIELDS.join(', ')}, got ${describeValue(field)}`);
  return `peer:${symbol}:${field}`;
}

/**
 * Checks the arguments a kernel builder reads its columns from: each column key a string (parameter `<parameter>`
 * or `<parameter>[i]`), and `deps` an array of kernels. Throws `InvalidParameterError`.
 *
 * @example
 * ```ts
 * checkColumns(['close'], 'column', [])          // => undefined: valid
 * checkColumns([42 as never], 'column', [])      // throws InvalidParameterError: column: expected a column key (a string), got 42
 * ```
 */
export function checkColumns(keys: readonly ColumnKey[], parameter: string, deps: readonly Kernel[]): void {
  keys.forEach((key, i) => {
    if (typeof key !== 'string') {
      throw new InvalidParameterError(keys.length === 1 ? parameter : `${parameter}[${i}]`, `expected a column key (a string), got ${describeValue(key)}`);
    }
  });
  if (!Array.isArray(deps)) throw new InvalidParameterError('deps', `expected an array of kernels, got ${describeValue(deps)}`);
  checkKernels(deps, 'deps');
}

/** Throws `InvalidParameterError` unless every element of `kernels` has a string key and an array of outputs. */
function checkKernels(kernels: readonly Kernel[], parameter: string): void {
  kernels.forEach((k, i) => {
    const ok = typeof k === 'object' && k !== null && typeof k.key === 'string' && Array.isArray(k.outputs);
    if (!ok) throw new InvalidParameterError(parameter === 'kernel' ? parameter : `${parameter}[${i}]`, `expected a kernel, got ${describeValue(k)}`);
  });
}
