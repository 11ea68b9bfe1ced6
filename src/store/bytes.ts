/**
 * Bytes of the store: UTF-8 text (TextEncoder and TextDecoder exist in Node, Deno, browsers and edge runtimes) and
 * plain `Uint8Array` views of the buffers drivers return.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The UTF-8 bytes of a string.
 *
 * @example
 * ```ts
 * utf8Bytes('é') // => Uint8Array [195, 169]
 * ```
 */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The string of UTF-8 bytes.
 *
 * @example
 * ```ts
 * utf8Text(new Uint8Array([104, 105])) // => 'hi'
 * ```
 */
export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * A plain `Uint8Array` over the same memory as `bytes` (node-postgres returns a `Buffer`; callers get a plain
 * array, so that `Object.getPrototypeOf(b) === Uint8Array.prototype`). A plain array is returned as it is.
 *
 * @example
 * ```ts
 * Object.getPrototypeOf(plainBytes(Buffer.from([1, 2]))) === Uint8Array.prototype // => true
 * ```
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
