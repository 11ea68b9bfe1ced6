/**
 * CRC-32, the checksum of the compact binary model format.
 * @module
 */

let CRC_TABLE: Uint32Array | undefined;

/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as in zlib/PNG) of `bytes[from, to)`.
 *
 * @example
 * ```ts
 * crc32(Uint8Array.from([..."123456789"].map((c) => c.charCodeAt(0)))) // 0xcbf43926
 * ```
 */
export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let table = CRC_TABLE;
  if (!table) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
    CRC_TABLE = table;
  }
  let crc = 0xffffffff;
  for (let i = from; i < to; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
