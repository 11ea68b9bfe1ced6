/**
 * Where a feature's bin boundaries go: quantile cuts at float32 midpoints, the fitting step of binning.
 * @module
 */

/**
 * The cuts (bin boundaries) of one feature from its sorted float32 non-missing values, at most `maxValueBins - 1` of
 * them: with at most `maxValueBins` distinct values, one cut at the float32 midpoint between each pair of
 * neighbours (every distinct value its own bin); otherwise one before each `k / maxValueBins` quantile
 * (k = 1 .. maxValueBins - 1), at the midpoint to the largest smaller value, duplicates collapsed.
 *
 * @example
 * ```ts
 * featureCuts(Float32Array.of(1, 2, 2, 3), 255) // Float64Array [1.5, 2.5]
 * ```
 */
export function featureCuts(sorted: Float32Array, maxValueBins: number): Float64Array {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return new Float64Array(0);
  // Count distinct values (stop early once there are more than maxValueBins).
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxValueBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxValueBins) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(midCut(sorted[i - 1]!, sorted[i]!));
    return Float64Array.from(cuts);
  }
  let last = -Infinity;
  let hasLast = false;
  for (let k = 1; k < maxValueBins; k++) {
    const q = sorted[Math.floor((k * n) / maxValueBins)]!;
    if (!(q > sorted[0]!)) continue; // the minimum: no boundary below it
    const below = sorted[lowerBound(sorted, q) - 1]!; // largest value < q
    const c = midCut(below, q);
    if (hasLast && !(c > last)) continue;
    cuts.push(c);
    last = c;
    hasLast = true;
  }
  return Float64Array.from(cuts);
}

/** A float32 cut c with lo < c <= hi (lo < hi are float32 values): the rounded midpoint, or hi. */
function midCut(lo: number, hi: number): number {
  const c = Math.fround(lo + (hi - lo) / 2);
  return c > lo && c <= hi ? c : hi;
}

/** First index i in [0, a.length) with a[i] >= x (a ascending). */
function lowerBound(a: Float32Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
