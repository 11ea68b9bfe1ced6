/** A feature's formula: its value at row i of its columns. */
export type Formula = (cols: readonly Float64Array[], i: number) => number;

/** The batch form of a {@link Formula}: writes `formula(cols, i)` into `out[i]` for every row i < n. */
type FormulaLoop = (cols: readonly Float64Array[], out: Float64Array, n: number) => void;

const LOOPS = new WeakMap<Formula, FormulaLoop>();

/**
 * Attaches a batch loop to `formula` and returns `formula`. The loop must be `out[i] = formula(cols, i)` for every
 * row, written next to the formula's own function literal: its call site then sees one function literal only, so
 * the engine's batch runs it inlined instead of through one megamorphic call per row and feature. The values are
 * the formula's, bit for bit (the loop calls it).
 *
 * @example
 * ```ts
 * const f: Formula = (c, i) => c[0]![i]! / c[1]![i]! - 1;
 * batched(f, (c, out, n) => { for (let i = 0; i < n; i++) out[i] = f(c, i); }) // => f
 * ```
 */
export function batched<F extends Formula>(formula: F, loop: FormulaLoop): F {
  LOOPS.set(formula, loop);
  return formula;
}

/**
 * Writes `formula(cols, i)` into `out[i]` for every row i < n: through the loop attached by {@link batched} where
 * there is one, else one call per row. Either way the values are the formula's, bit for bit.
 *
 * @example
 * ```ts
 * runFormula((c, i) => c[0]![i]! * 2, [Float64Array.of(1, 2)], new Float64Array(2), 2) // out => [2, 4]
 * ```
 */
export function runFormula(formula: Formula, cols: readonly Float64Array[], out: Float64Array, n: number): void {
  const loop = LOOPS.get(formula);
  if (loop !== undefined) loop(cols, out, n);
  else for (let i = 0; i < n; i++) out[i] = formula(cols, i);
}
