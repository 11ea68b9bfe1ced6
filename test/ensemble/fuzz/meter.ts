/**
 * An allocation meter for the fuzz worker: it replaces the global typed-array constructors by proxies that add up
 * the bytes of every new typed array while a measurement runs, and throw {@link BoundExceeded} (before allocating)
 * as soon as the total passes the budget. Typed arrays live outside the V8 heap, so the worker's `resourceLimits`
 * do not cap them; this does. Import it before the library, which may keep references to the constructors.
 */

/** Thrown by a typed-array constructor when a measured operation allocates past its budget. */
export class BoundExceeded extends Error {}

let budget = Infinity;
let used = 0;

const KINDS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
for (const C of KINDS) {
  const proxy = new Proxy(C, {
    construct(target, args, newTarget) {
      const a: unknown = args[0];
      // a view of an existing buffer allocates nothing; a length or an array-like source does
      const length = typeof a === 'number' ? a : a !== null && typeof a === 'object' && !(a instanceof ArrayBuffer) && !(a instanceof SharedArrayBuffer) ? ((a as ArrayLike<unknown>).length ?? 0) : 0;
      used += length * target.BYTES_PER_ELEMENT;
      if (used > budget) throw new BoundExceeded(`typed arrays of ${used} bytes exceed the bound of ${budget} bytes (last: ${target.name}(${length}))`);
      return Reflect.construct(target, args, newTarget);
    },
  });
  (globalThis as Record<string, unknown>)[C.name] = proxy;
}

/**
 * Runs `f` with at most `limit` bytes of new typed arrays; returns its result and the bytes it allocated. `f` may be
 * asynchronous (the ensemble reader): everything until it settles is metered, so run one measurement at a time.
 */
export async function metered<T>(limit: number, f: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  used = 0;
  budget = limit;
  try {
    return { result: await f(), bytes: used };
  } finally {
    budget = Infinity;
  }
}
