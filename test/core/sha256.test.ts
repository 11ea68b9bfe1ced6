import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { sha256Hex } from '../../src/core/sha256.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256Hex', () => {
  // FIPS 180-2 appendix B and the NIST CAVS example values (SHA256.pdf).
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('gives the FIPS test vector of %j', (message, digest) => {
    expect(sha256Hex(ascii(message))).toBe(digest);
  });

  it('gives the FIPS test vector of one million "a"', () => {
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('equals node:crypto on every length from 0 to 200 (every padding case: 55, 56, 63, 64 bytes...)', () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 200; n++) expect(sha256Hex(bytes.subarray(0, n)), `length ${n}`).toBe(reference(bytes.subarray(0, n)));
  });

  it('equals node:crypto on a few MB, and on a subarray view that does not start at its buffer', () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    expect(sha256Hex(big)).toBe(reference(big));
    const view = big.subarray(5, 5 + 1000);
    expect(sha256Hex(view)).toBe(reference(view));
  });

  it('equals node:crypto on random bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => sha256Hex(bytes) === reference(bytes)), { numRuns: 300 });
  });

  it.each([['a string', 'abc'], ['an array', [1, 2, 3]], ['a Uint16Array', new Uint16Array(2)], ['undefined', undefined]])('rejects %s with InvalidParameterError', (_, value) => {
    const call = (): string => sha256Hex(value as unknown as Uint8Array);
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(/bytes: expected a Uint8Array/);
    try {
      call();
    } catch (e) {
      expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
    }
  });
});
