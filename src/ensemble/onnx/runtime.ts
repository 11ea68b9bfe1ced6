/**
 * The part of the `onnxruntime-common` interface this library uses (`InferenceSession.create`, `session.run`,
 * `Tensor`), typed structurally so that the core compiles and imports without any ONNX runtime installed, and
 * {@link loadONNXRuntime}, which takes the runtime module a caller passes or imports the one named.
 *
 * The runtimes (`onnxruntime-node`, `onnxruntime-web`) are optional peer dependencies: install the one you use.
 * Where a bare `import('onnxruntime-web')` does not resolve (Deno, Supabase Edge Functions, bundlers that need
 * static imports), pass the module itself: `import * as ort from 'npm:onnxruntime-web'`, then `{ runtime: ort }`.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError, MissingDependencyError } from '../../core/errors.js';

/** The runtimes `createONNXModel` imports by name (one of them must be installed; both implement `onnxruntime-common`). */
export type ONNXRuntimeName = 'onnxruntime-node' | 'onnxruntime-web';

/** The names {@link loadONNXRuntime} accepts, in the order of preference for Node. */
export const ONNX_RUNTIME_NAMES: readonly ONNXRuntimeName[] = ['onnxruntime-node', 'onnxruntime-web'];

/** What is read of an `onnxruntime-common` `Tensor`: its dimensions and its CPU data. */
export interface ONNXTensorLike {
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** The `onnxruntime-common` `Tensor` constructors used: float32 and float64 CPU tensors. */
export interface ONNXTensorConstructor {
  new (type: 'float32', data: Float32Array, dims: readonly number[]): ONNXTensorLike;
  new (type: 'float64', data: Float64Array, dims: readonly number[]): ONNXTensorLike;
}

/** The part of an `onnxruntime-common` `InferenceSession` used: `run` with named outputs, and `release`. */
export interface ONNXSessionLike {
  run(feeds: Record<string, ONNXTensorLike>, fetches: readonly string[]): Promise<Record<string, ONNXTensorLike>>;
  release(): Promise<void>;
}

/**
 * An ONNX runtime module as `onnxruntime-common` defines it: `InferenceSession.create(bytes, options)` and the
 * `Tensor` class. `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`) is one.
 */
export interface ONNXRuntime {
  readonly InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<ONNXSessionLike> };
  readonly Tensor: ONNXTensorConstructor;
}

/** Imports a runtime by name (the default is the dynamic `import(name)`; bundlers may want a static one). */
export type ONNXRuntimeImporter = (name: ONNXRuntimeName) => Promise<unknown>;

const importByName: ONNXRuntimeImporter = (name) => import(name);

function asRuntime(module: unknown): ONNXRuntime | undefined {
  for (const m of [module, (module as { default?: unknown } | null)?.default]) {
    const r = m as Partial<ONNXRuntime> | null | undefined;
    if (r && typeof r.InferenceSession?.create === 'function' && typeof r.Tensor === 'function') return r as ONNXRuntime;
  }
  return undefined;
}

/**
 * The ONNX runtime to use: `runtime` itself when it is a runtime module, or the module named by `runtime`
 * (`'onnxruntime-node'`, `'onnxruntime-web'`), imported now by `importer`. Throws `MissingDependencyError` when the named
 * runtime cannot be imported (not installed: the message says what to install), `InvalidParameterError` for
 * another name or an object that is not a runtime.
 *
 * Reference: onnxruntime-common `InferenceSession` and `Tensor` (https://onnxruntime.ai/docs/api/js/).
 *
 * @example
 * ```ts
 * const ort = await loadONNXRuntime('onnxruntime-node')
 * typeof ort.InferenceSession.create // => 'function'
 * await loadONNXRuntime('onnxruntime-web', () => Promise.reject(new Error('Cannot find module')))
 * // throws MissingDependencyError: onnxruntime-web is not installed (Cannot find module); install it: npm install onnxruntime-web ...
 * ```
 */
export async function loadONNXRuntime(runtime: ONNXRuntime | ONNXRuntimeName, importer: ONNXRuntimeImporter = importByName): Promise<ONNXRuntime> {
  if (typeof runtime !== 'string') {
    const r = asRuntime(runtime);
    if (!r) throw new InvalidParameterError('options.runtime', `expected an onnxruntime module (InferenceSession.create, Tensor) or one of ${ONNX_RUNTIME_NAMES.join(', ')}, got ${describeValue(runtime)}`);
    return r;
  }
  if (!ONNX_RUNTIME_NAMES.includes(runtime)) throw new InvalidParameterError('options.runtime', `unknown runtime ${describeValue(runtime)} (known: ${ONNX_RUNTIME_NAMES.join(', ')}), or pass the runtime module itself`);
  let module: unknown;
  try {
    module = await importer(runtime);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new MissingDependencyError(runtime, `${runtime} is not installed (${why}); install it: npm install ${runtime} (an optional peer dependency of @alpha-v4/core), or pass another runtime module`);
  }
  const r = asRuntime(module);
  if (!r) throw new MissingDependencyError(runtime, `${runtime} was imported but is not an onnxruntime module (no InferenceSession.create or Tensor): got ${describeValue(module)}`);
  return r;
}
