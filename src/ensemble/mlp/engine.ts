/**
 * The MLP's forward and backward passes over a block of rows, on one thread: the shard computation that
 * `trainMLP` runs in this thread and `trainMLPParallel` runs on each worker thread (it receives this factory as
 * source text, so {@link mlpEngine} refers to nothing outside itself and its two arguments).
 *
 * Arithmetic (float32, every value rounded with `Math.fround` or by a `Float32Array` store):
 * - layer l: Z = H_{l-1} W_l^T by the GEMM of `gemm.ts` (sequential float32 sums), then z = fl32(Z + b);
 *   hidden layers h = max(z, 0), with inverted dropout h = keep ? fl32(max(z, 0) * (1 / (1 - p))) : 0;
 * - output: the logit z (binary) or the value z (regression);
 * - loss per row: binary cross-entropy log(1 + e^z) - y z (as max(z, 0) - y z + log1p(e^-|z|)) with
 *   dL/dz = sigmoid(z) - y; squared error (z - y)^2 with dL/dz = 2 (z - y); each dL/dz is multiplied by
 *   `scale` (1 / batch size: the batch loss is a mean) and rounded to float32;
 * - backward: dZ_{l-1} = (h > 0 ? fl32(dH * (1 / (1 - p))) : 0), dH = dZ_l W_l, dW_l = dZ_l^T H_{l-1} (GEMMs), and
 *   db_l = fl32(sum over rows of dZ_l, summed in float64 in row order).
 *
 * Dropout masks are counter-based: hidden unit u (counted over all hidden layers, input side first) of batch row r
 * is kept iff lowbias32(imul(r * units + u, 0x9e3779b9) ^ seed) >= p * 2^32, with `units` the number of hidden
 * units and lowbias32 the 32-bit mixer of C. Wellons (2018); so any thread can compute the mask of any row, and the
 * masks do not depend on how a batch is split.
 *
 * @module
 */
import { gemmKernels, type GemmKernels } from './gemm.js';
import { wasmKernels, type WasmKernels } from './wasm.js';

/**
 * Builds engines for the layer widths `dims` (`dims[0]` features, then every layer's units, the last one 1).
 * `create(dims, capacity, training, wasm)` allocates one heap (WebAssembly memory when `wasm` and it can) for up
 * to `capacity` rows; `training: false` leaves out the backward buffers. Parameters are read from a flat float32
 * vector `theta` laid out layer by layer as [W_1 (row-major [outputs][inputs]), b_1, W_2, b_2, ...].
 *
 * @example
 * ```ts
 * const e = mlpEngine(gemmKernels(), wasmKernels()).create([2, 1], 1, false, true) // 2 features, no hidden layer, 1 row
 * e.heap.set([2, 1], e.input)                            // the row, already scaled
 * e.forward(1, Float32Array.of(0.5, -1, 0.25), 0, 0, 0)  // theta = [W (1 x 2), b]
 * e.output(0) // => 0.25
 * ```
 */
export function mlpEngine(g: GemmKernels, w: WasmKernels) {
  /** lowbias32 (Wellons 2018): a bijective 32-bit mixer. */
  function mix(x: number): number {
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d);
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b);
    return (x ^ (x >>> 16)) >>> 0;
  }

  /** Inverted dropout on ReLU outputs: h = h > 0 and unit j of row i kept (see the module comment) ? fl32(h / (1 - p)) : 0. */
  function dropout(h: Float32Array, o: number, ld: number, m: number, n: number, counter: number, units: number, seed: number, p: number): void {
    const threshold = p * 4294967296, inv = 1 / (1 - p);
    for (let i = 0, row = o; i < m; i++, row += ld, counter += units) {
      for (let j = 0; j < n; j++) {
        const z = h[row + j]!;
        h[row + j] = z > 0 && mix(Math.imul(counter + j, 0x9e3779b9) ^ seed) >= threshold ? z * inv : 0;
      }
    }
  }

  function create(dims: readonly number[], capacity: number, training: boolean, wasm: boolean) {
    const L = dims.length - 1;
    const pad = g.padded;
    const wAt: number[] = [], bAt: number[] = [];
    let nParams = 0;
    for (let l = 1; l <= L; l++) {
      wAt[l] = nParams;
      nParams += dims[l]! * dims[l - 1]!;
      bAt[l] = nParams;
      nParams += dims[l]!;
    }
    const units: number[] = [0];
    for (let l = 1; l < L; l++) units[l] = units[l - 1]! + dims[l]!;
    const hiddenUnits = units[L - 1] ?? 0;
    // Heap layout, every region 8-float aligned: input, layer outputs, then (training) two gradient buffers,
    // the transposed dZ, the packed B operand and the dW product.
    let top = 0;
    const region = (floats: number): number => {
      const at = top;
      top += pad(floats);
      return at;
    };
    const ld = dims.map((d, l) => (l === 0 ? d : pad(d)));
    const input = region(capacity * dims[0]!);
    const out: number[] = [input];
    for (let l = 1; l <= L; l++) out[l] = region(capacity * ld[l]!);
    let widest = 0, packed = 0, dW = 0;
    for (let l = 1; l <= L; l++) {
      widest = Math.max(widest, dims[l]!, dims[l - 1]!);
      packed = Math.max(packed, pad(dims[l]!) * dims[l - 1]!, pad(dims[l - 1]!) * (training ? Math.max(dims[l]!, capacity) : 0));
      dW = Math.max(dW, dims[l]! * pad(dims[l - 1]!));
    }
    const gradA = training ? region(capacity * pad(widest)) : 0;
    const gradB = training ? region(capacity * pad(widest)) : 0;
    const trans = training ? region(widest * capacity) : 0;
    const bp = region(packed);
    const bias = region(pad(widest));
    const dWAt = training ? region(dW) : 0;
    let fast: ReturnType<WasmKernels['allocate']> | undefined;
    try {
      if (wasm && w.available()) fast = w.allocate(top);
    } catch {
      fast = undefined; // no WebAssembly memory of that size here: the TypeScript kernel computes the same values
    }
    const h = fast ? fast.heap : new Float32Array(top);
    const kernel = fast?.kernel;
    const sums = new Float64Array(training ? widest : 0);

    /** Forward pass of rows [0, m) of the input region; `p` the dropout rate, `seed` and `rowBase` its mask counter. */
    function forward(m: number, theta: Float32Array, p: number, seed: number, rowBase: number): void {
      for (let l = 1; l <= L; l++) {
        const n = dims[l]!, k = dims[l - 1]!, o = out[l]!, ldo = ld[l]!;
        g.packColumns(theta, wAt[l]!, k, k, n, h, bp);
        h.set(theta.subarray(bAt[l]!, bAt[l]! + n), bias);
        h.fill(0, bias + n, bias + ldo);
        g.gemm(h, kernel, m, n, k, out[l - 1]!, ld[l - 1]!, bp, o, ldo, false, bias, l === L ? 1 : 2);
        if (l < L && p > 0) dropout(h, o, ldo, m, n, rowBase * hiddenUnits + units[l - 1]!, hiddenUnits, seed, p);
      }
    }

    /** Output of row i after {@link forward}: the logit (binary) or the value (regression). */
    function output(i: number): number {
      return h[out[L]! + i * 8]!;
    }

    /**
     * Loss of rows [0, m) against `y[rows[from + i]]` (or `y[from + i]` without `rows`), summed in float64, and
     * the scaled dL/dz of each row stored for {@link backward}.
     */
    function loss(m: number, binary: boolean, y: ArrayLike<number>, rows: Int32Array | undefined, from: number, scale: number): number {
      let total = 0;
      for (let i = 0; i < m; i++) {
        const z = output(i), t = y[rows ? rows[from + i]! : from + i]!;
        let d: number;
        if (binary) {
          total += Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z)));
          d = 1 / (1 + Math.exp(-z)) - t;
        } else {
          total += (z - t) * (z - t);
          d = 2 * (z - t);
        }
        h[gradA + i * 8] = d * scale;
      }
      return total;
    }

    /** Backward pass after {@link forward} and {@link loss}: the gradient of rows [0, m) into `grad` (theta's layout). */
    function backward(m: number, theta: Float32Array, p: number, grad: Float32Array): void {
      const inv = 1 / (1 - p);
      let cur = gradA, next = gradB;
      for (let l = L; l >= 1; l--) {
        const n = dims[l]!, k = dims[l - 1]!, ldn = pad(n), prev = out[l - 1]!, ldp = ld[l - 1]!;
        const b = bAt[l]!;
        sums.fill(0, 0, n);
        for (let i = 0; i < m; i++) for (let j = 0, r = cur + i * ldn; j < n; j++) sums[j] = sums[j]! + h[r + j]!;
        for (let j = 0; j < n; j++) grad[b + j] = sums[j]!;
        g.transpose(h, cur, ldn, m, n, trans, m);
        g.packRows(h, prev, ldp, m, k, h, bp);
        g.gemm(h, kernel, n, k, m, trans, m, bp, dWAt, pad(k), false);
        for (let o = 0; o < n; o++) grad.set(h.subarray(dWAt + o * pad(k), dWAt + o * pad(k) + k), wAt[l]! + o * k);
        if (l === 1) break;
        g.packRows(theta, wAt[l]!, k, n, k, h, bp);
        g.gemm(h, kernel, m, k, n, cur, ldn, bp, next, pad(k), false);
        for (let i = 0; i < m; i++) {
          const r = next + i * pad(k), a = prev + i * ldp;
          for (let j = 0; j < k; j++) h[r + j] = h[a + j]! > 0 ? h[r + j]! * inv : 0;
        }
        [cur, next] = [next, cur];
      }
    }

    /** Copies rows `rows[from .. from + m)` of the row-major float32 matrix `X` (cols = dims[0]) into the input region. */
    function gather(X: Float32Array, rows: Int32Array, from: number, m: number): void {
      const F = dims[0]!;
      for (let i = 0; i < m; i++) {
        const r = rows[from + i]!;
        h.set(X.subarray(r * F, r * F + F), input + i * F);
      }
    }

    /**
     * Shard s of `shards` of the batch rows perm[start, start + size) (rows floor(s size / shards) up to the next
     * shard's first): its gradient of the batch-mean loss into `out` (zeros for an empty shard); returns its summed loss.
     */
    function shard(X: Float32Array, y: ArrayLike<number>, perm: Int32Array, start: number, size: number, s: number, shards: number, theta: Float32Array, p: number, seed: number, binary: boolean, out: Float32Array): number {
      const lo = Math.floor((s * size) / shards), m = Math.floor(((s + 1) * size) / shards) - lo;
      if (m === 0) {
        out.fill(0);
        return 0;
      }
      gather(X, perm, start + lo, m);
      forward(m, theta, p, seed, lo);
      const total = loss(m, binary, y, perm, start + lo, 1 / size);
      backward(m, theta, p, out);
      return total;
    }

    return { heap: h, input, capacity, nParams, weightAt: wAt, biasAt: bAt, wasm: kernel !== undefined, forward, output, loss, backward, shard };
  }

  return { create };
}

let shared: MLPEngines | undefined;

/**
 * The engine factory of this thread, made once: `mlpEngine(gemmKernels(), wasmKernels())`.
 *
 * @example
 * ```ts
 * localEngines().create([200, 256, 128, 64, 32, 1], 2048, true, true).wasm // => true where WebAssembly SIMD runs
 * ```
 */
export function localEngines(): MLPEngines {
  return (shared ??= mlpEngine(gemmKernels(), wasmKernels()));
}

/** The factory's result, see {@link mlpEngine}. */
export type MLPEngines = ReturnType<typeof mlpEngine>;
/** One engine: heap, passes and parameter layout. */
export type MLPEngine = ReturnType<MLPEngines['create']>;
