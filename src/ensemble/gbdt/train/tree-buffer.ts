/**
 * The trainer's own tree form: {@link TreeBuf} grows node by node on bins, {@link routeBinned} routes binned rows
 * through it. `gbdt-model.ts` turns finished trees into the flat model.
 *
 * @module
 */

/**
 * One tree under construction, in growable per-node arrays (node-local indices, root = 0; a leaf has feature -1
 * and a split stores its bin, not yet its threshold).
 *
 * @example
 * ```ts
 * const t = new TreeBuf()
 * t.add(0.1, 50) // 0: the root, a leaf of value 0.1 and cover 50
 * ```
 */
export class TreeBuf {
  feature: number[] = [];
  splitBin: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  cover: number[] = [];
  gain: number[] = [];

  /** Appends a leaf with the given value and cover; returns its index. */
  add(value: number, cover: number): number {
    this.feature.push(-1);
    this.splitBin.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.cover.push(cover);
    this.gain.push(0);
    return this.feature.length - 1;
  }
}

/**
 * The leaf (tree-local node index) that row r of a column-major bin matrix (n rows) reaches in a tree under
 * construction; `missingBin[f]` is feature f's missing bin.
 *
 * @example
 * ```ts
 * tree.value[routeBinned(tree, data.bins, data.rows, missingBin, r)] // the tree's output for row r
 * ```
 */
export function routeBinned(tree: TreeBuf, bins: Uint8Array, n: number, missingBin: Int32Array, r: number): number {
  let node = 0;
  const feature = tree.feature;
  let f = feature[0]!;
  while (f >= 0) {
    const b = bins[f * n + r]!;
    const goLeft = b === missingBin[f] ? tree.defaultLeft[node] === 1 : b <= tree.splitBin[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
    f = feature[node]!;
  }
  return node;
}
