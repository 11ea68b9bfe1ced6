import { InvalidParameterError } from '../core/errors.js';
import type { CandleField } from '../core/types.js';
import type { ColumnKey, Kernel } from './types.js';

/**
 * The column key of one output of a kernel, `<kernel key>#<output>`: what a feature or a later kernel lists to read
 * it. Without `output`, the kernel's first output. Throws `InvalidParameterError` (parameter 'output') when the
 * kernel has no such output.
 *
 * @example
 * ```ts
 * col(indicatorKernel('BBANDS', { period: 20 }), 'upper') // => 'BBANDS(20,2,2,0)#upper'
 * ```
 */
export function col(kernel: Kernel, output?: string): ColumnKey {
  const name = output ?? kernel.outputs[0]!;
  if (!kernel.outputs.includes(name)) throw new InvalidParameterError('output', `kernel ${kernel.key} has no output ${name}`);
  return `${kernel.key}#${name}`;
}

/**
 * The column key of a peer symbol's candle field, for cross-asset kernels: `peer:<symbol>:<field>`.
 *
 * @example
 * ```ts
 * peerColumn('BTC', 'close') // => 'peer:BTC:close'
 * lagKernel(peerColumn('BTC', 'close'), 1) // the leader's previous close
 * ```
 */
export function peerColumn(symbol: string, field: CandleField): ColumnKey {
  return `peer:${symbol}:${field}`;
}
