import { describeValue } from '../core/describe.js';
import { InvalidParameterError, LengthMismatchError } from '../core/errors.js';
import type { Matrix } from '../core/types.js';
import type { FeatureFrame } from './types.js';

/**
 * A {@link FeatureFrame} over feature columns already computed (or read from storage): `column(name)` by name and
 * `toMatrix(names)` as a row-major matrix of rows x names. The arrays are used as they are, not copied.
 *
 * Checks the shape before anything else: `time` a `Float64Array`, `names` an array of distinct strings, `columns`
 * an array of one `Float64Array` per name, each as long as `time` (`InvalidParameterError` naming the argument, or
 * `LengthMismatchError`). `column` and `toMatrix` throw `InvalidParameterError` (parameter 'name') for a name not in
 * the frame.
 *
 * @example
 * ```ts
 * const frame = featureFrame(Float64Array.of(0, 900_000), ['a', 'b'], [Float64Array.of(1, 2), Float64Array.of(3, 4)])
 * frame.column('b')              // => Float64Array [3, 4]
 * frame.toMatrix().data          // => Float64Array [1, 3, 2, 4]
 * frame.toMatrix(['b']).data     // => Float64Array [3, 4]
 * ```
 */
export function featureFrame(time: Float64Array, names: readonly string[], columns: readonly Float64Array[]): FeatureFrame {
  const index = indexNames(names);
  if (!(time instanceof Float64Array)) throw new InvalidParameterError('time', `expected a Float64Array, got ${describeValue(time)}`);
  if (!Array.isArray(columns)) throw new InvalidParameterError('columns', `expected an array of Float64Array columns, got ${describeValue(columns)}`);
  if (columns.length !== names.length) throw new LengthMismatchError(`${names.length} names but ${columns.length} columns`);
  columns.forEach((c, j) => {
    if (!(c instanceof Float64Array)) throw new InvalidParameterError(`columns[${j}]`, `expected a Float64Array, got ${describeValue(c)}`);
    if (c.length !== time.length) throw new LengthMismatchError(`column ${j} (${describeValue(names[j])}) has ${c.length} values, time has ${time.length}`);
  });
  const column = (name: string): Float64Array => {
    const j = index.get(name);
    if (j === undefined) throw new InvalidParameterError('name', `feature ${describeValue(name)} is not in this frame`);
    return columns[j]!;
  };
  return {
    time,
    names,
    columns,
    column,
    toMatrix(select: readonly string[] = names): Matrix {
      if (!Array.isArray(select)) throw new InvalidParameterError('names', `expected an array of feature names, got ${describeValue(select)}`);
      const picked = select.map(column);
      const rows = time.length;
      const cols = picked.length;
      const data = new Float64Array(rows * cols);
      for (let c = 0; c < cols; c++) {
        const src = picked[c]!;
        for (let r = 0; r < rows; r++) data[r * cols + c] = src[r]!;
      }
      return { rows, cols, data };
    },
  };
}

/** The position of each name; throws unless `names` is an array of distinct strings (parameter 'names'). */
function indexNames(names: readonly string[]): Map<string, number> {
  if (!Array.isArray(names)) throw new InvalidParameterError('names', `expected an array of feature names, got ${describeValue(names)}`);
  const index = new Map<string, number>();
  names.forEach((name, j) => {
    if (typeof name !== 'string') throw new InvalidParameterError(`names[${j}]`, `expected a feature name, got ${describeValue(name)}`);
    if (index.has(name)) throw new InvalidParameterError(`names[${j}]`, `${describeValue(name)} appears twice`);
    index.set(name, j);
  });
  return index;
}
