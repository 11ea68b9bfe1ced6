/**
 * The 16-byte prefix shared by our checksummed binary formats (the tree model, the MLP, the ensemble artifact) and
 * the checks that open such a file before its body is read: magic number, format version, declared length, CRC-32.
 * Runtime-agnostic.
 *
 * Prefix (little-endian): magic u32, version u16, reserved u16, total byte length u32, then a u32 that is either
 * the CRC-32 of bytes [16, total) (`crc: 'header'`) or, when the CRC-32 of bytes [0, total - 4) is the file's last
 * four bytes (`crc: 'tail'`), the first field of the body.
 *
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { CorruptModelError } from '../../errors.js';
import { ByteReader } from './bounded.js';
import { crc32 } from './crc32.js';

/** Length of the prefix. */
export const SEALED_PREFIX = 16;

/** One sealed format: its magic number, the version this library reads, its name, and where its CRC-32 is. */
export interface SealedFormat {
  /** The magic number (four ASCII letters read as a little-endian u32). */
  readonly magic: number;
  /** The only format version read. */
  readonly version: number;
  /** What a file of the format is, with its article, for messages ("a binary MLP"). */
  readonly name: string;
  /** `'header'`: bytes 12-15 hold the CRC-32 of [16, total); `'tail'`: the last 4 bytes hold that of [0, total - 4). */
  readonly crc: 'header' | 'tail';
}

/**
 * Opens a sealed file: checks, in order, the type (a `Uint8Array`), the magic number, the version, the length
 * against the declared total (short: `'truncated'`, longer: `'layout'`), then the CRC-32, each failure a
 * {@link CorruptModelError} with that reason. Returns a {@link ByteReader} over the body, without the CRC of a
 * `'tail'` file (so `remaining` is what the body's counts are checked against), positioned after the CRC of a
 * `'header'` file and at byte 12 for a `'tail'` one; its faults are `CorruptModelError('layout', 'byte N: ...')`.
 *
 * @example
 * ```ts
 * const r = openSealed(bytes, { magic: MLP_BINARY_MAGIC, version: 1, name: 'a binary MLP', crc: 'header' })
 * const layers = r.count(r.u32(), 5, 'layers') // fails with CorruptModelError('layout') past the bytes present
 * ```
 */
export function openSealed(bytes: Uint8Array, format: SealedFormat): ByteReader {
  const { magic, version, name, crc } = format;
  if (!(bytes instanceof Uint8Array)) throw new CorruptModelError('layout', `expected ${name} as a Uint8Array, got ${describeValue(bytes)}`);
  const min = SEALED_PREFIX + (crc === 'tail' ? 4 : 0);
  if (bytes.length < 4) throw new CorruptModelError('truncated', `${bytes.length} byte(s), ${name} has at least ${min}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== magic) throw new CorruptModelError('magic', `not ${name} (bad magic number)`);
  if (bytes.length < min) throw new CorruptModelError('truncated', `${bytes.length} byte(s), ${name} has at least ${min}`);
  const found = v.getUint16(4, true);
  if (found !== version) throw new CorruptModelError('version', `format version ${found}, this library reads version ${version}`);
  const total = v.getUint32(8, true);
  if (bytes.length < total) throw new CorruptModelError('truncated', `${bytes.length} byte(s), the header declares ${total}`);
  if (bytes.length > total) throw new CorruptModelError('layout', `${bytes.length} byte(s), the header declares ${total} (trailing bytes)`);
  const [from, to, at] = crc === 'header' ? [SEALED_PREFIX, total, 12] : [0, total - 4, total - 4];
  const stored = v.getUint32(at, true);
  const computed = crc32(bytes, from, to);
  if (stored !== computed) throw new CorruptModelError('checksum', `CRC-32 mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)})`);
  const fault = (offset: number, message: string): never => {
    throw new CorruptModelError('layout', `byte ${offset}: ${message}`);
  };
  return crc === 'header' ? new ByteReader(bytes, true, fault, SEALED_PREFIX) : new ByteReader(bytes.subarray(0, total - 4), true, fault, 12);
}

/**
 * Writes the prefix of a sealed file into `bytes` (the whole file, its body already written): magic, version, total
 * length, and the CRC-32 where the format keeps it (for a `'tail'` file, bytes 12-15 are the body's and not touched).
 * Returns `bytes`.
 *
 * @example
 * ```ts
 * openSealed(seal(bytes, format), format) // passes every check
 * ```
 */
export function seal(bytes: Uint8Array, format: SealedFormat): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = bytes.length;
  v.setUint32(0, format.magic, true);
  v.setUint16(4, format.version, true);
  v.setUint16(6, 0, true);
  v.setUint32(8, total, true);
  if (format.crc === 'header') v.setUint32(12, crc32(bytes, SEALED_PREFIX, total), true);
  else v.setUint32(total - 4, crc32(bytes, 0, total - 4), true);
  return bytes;
}
