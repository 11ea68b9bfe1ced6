/**
 * The horizon bundle: a round trip keeps every horizon's ensemble (same predictions, same bytes again); the layout
 * is read back here by hand (DataView, JSON, zlib's CRC-32); every hostile byte sequence gives a typed error.
 */
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { ensembleToBinary } from '../../src/ensemble/artifact/write.js';
import type { Ensemble } from '../../src/ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { HORIZONS_BINARY_MAGIC, HORIZONS_BINARY_VERSION, horizonsFromBinary, horizonsToBinary, sortHorizonModels } from '../../src/pipeline/horizons.js';
import { customEnsemble, featureMatrix, NAMES, smallEnsemble } from './model-fixtures.js';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** A bundle built by hand from its fields (zlib's CRC-32), for hostile variants of a valid one. */
function craft(fields: { horizons: number[]; lengths?: number[]; names?: Uint8Array; parts: Uint8Array[]; count?: number; version?: number }): Uint8Array {
  const names = fields.names ?? Uint8Array.from(ascii(JSON.stringify(NAMES)));
  const lengths = fields.lengths ?? fields.parts.map((p) => p.length);
  const K = fields.horizons.length;
  const body = fields.parts.reduce((s, p) => s + p.length, 0);
  const total = 16 + 4 * K + 4 * lengths.length + 4 + names.length + body + 4;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, HORIZONS_BINARY_MAGIC, true);
  v.setUint16(4, fields.version ?? 1, true);
  v.setUint32(8, total, true);
  v.setUint32(12, fields.count ?? K, true);
  let o = 16;
  for (const h of fields.horizons) (v.setUint32(o, h, true), (o += 4));
  for (const n of lengths) (v.setUint32(o, n, true), (o += 4));
  v.setUint32(o, names.length, true);
  out.set(names, o + 4);
  o += 4 + names.length;
  for (const p of fields.parts) (out.set(p, o), (o += p.length));
  v.setUint32(total - 4, crc32(out.subarray(0, total - 4)), true);
  return out;
}

/** Runs `load` and returns the CorruptModelError it rejects with (failing the test otherwise). */
async function corrupt(load: Promise<unknown>): Promise<CorruptModelError> {
  const e = await load.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CorruptModelError);
  expect((e as CorruptModelError).code).toBe('MODEL_CORRUPT');
  return e as CorruptModelError;
}

describe('horizon bundle', () => {
  let e1: Ensemble, e4: Ensemble, a1: Uint8Array, a4: Uint8Array, bytes: Uint8Array;
  const X = featureMatrix(30, 99);
  const load = (b: Uint8Array): Promise<unknown> => horizonsFromBinary(b, { featureNames: NAMES });
  beforeAll(() => {
    e1 = smallEnsemble(1);
    e4 = smallEnsemble(4);
    a1 = ensembleToBinary(e1);
    a4 = ensembleToBinary(e4);
    bytes = horizonsToBinary([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }]);
  });

  it('round-trips: the horizons in increasing order, each ensemble predicting as the original, the same bytes again', async () => {
    const back = await horizonsFromBinary(bytes, { featureNames: NAMES });
    expect(back.map((m) => m.horizon)).toEqual([1, 4]);
    for (const [m, original] of [[back[0]!, e1], [back[1]!, e4]] as const) {
      const [got, want] = [await m.ensemble.predict(X), await original.predict(X)];
      expect(got.raw).toEqual(want.raw);
      expect(got.calibrated).toEqual(want.calibrated);
    }
    expect(horizonsToBinary(back)).toEqual(bytes);
  });

  it('lays out magic, version, horizons, lengths, names and the artifacts as documented (read by hand)', () => {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('AV4H');
    expect([v.getUint16(4, true), v.getUint16(6, true), v.getUint32(8, true)]).toEqual([HORIZONS_BINARY_VERSION, 0, bytes.length]);
    expect([v.getUint32(12, true), v.getUint32(16, true), v.getUint32(20, true)]).toEqual([2, 1, 4]);
    expect([v.getUint32(24, true), v.getUint32(28, true)]).toEqual([a1.length, a4.length]);
    const F = v.getUint32(32, true);
    expect(JSON.parse(String.fromCharCode(...bytes.subarray(36, 36 + F)))).toEqual(NAMES);
    expect(bytes.subarray(36 + F, 36 + F + a1.length)).toEqual(a1);
    expect(bytes.subarray(36 + F + a1.length, bytes.length - 4)).toEqual(a4);
    expect(v.getUint32(bytes.length - 4, true)).toBe(crc32(bytes.subarray(0, bytes.length - 4)));
    expect(craft({ horizons: [1, 4], parts: [a1, a4] })).toEqual(bytes);
  });

  describe('writing refuses', () => {
    it.each([
      ['an empty list', [], 'models'],
      ['horizon 0', [{ horizon: 0 }], 'models[0].horizon'],
      ['horizon 1.5', [{ horizon: 1.5 }], 'models[0].horizon'],
      ['a horizon past 2^32 - 1', [{ horizon: 2 ** 32 }], 'models[0].horizon'],
      ['a horizon given twice', [{ horizon: 2 }, { horizon: 2 }], 'models'],
      ['an unknown key', [{ horizon: 1, extra: 1 }], 'models[0].extra'],
    ])('%s (InvalidParameterError)', (_, entries, parameter) => {
      const models = (entries as object[]).map((e) => ({ ensemble: e1, ...e }));
      const call = (): unknown => horizonsToBinary(models as never);
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow(new RegExp(`^${parameter.replace(/[[\].]/g, '\\$&')}: `));
    });

    it('an entry without an Ensemble (InvalidParameterError)', () => {
      expect(() => horizonsToBinary([{ horizon: 1, ensemble: {} as Ensemble }])).toThrow(/models\[0\]\.ensemble: expected an Ensemble/);
    });

    it('ensembles of different feature names (FeatureMismatchError naming the names)', () => {
      const other = smallEnsemble(2, ['rsi_14', 'atr_14', 'log_return_1', 'cci_14']);
      const call = (): unknown => horizonsToBinary([{ horizon: 1, ensemble: e1 }, { horizon: 2, ensemble: other }]);
      expect(call).toThrow(FeatureMismatchError);
      expect(call).toThrow(/models\[1\]\.ensemble\.featureNames: .*missing adx_14.*extra cci_14/);
    });

    it('an ensemble with a custom member (UnsupportedModelError)', () => {
      const custom = customEnsemble(NAMES, async (X) => new Float64Array(X.rows).fill(0.5));
      expect(() => horizonsToBinary([{ horizon: 1, ensemble: custom }])).toThrow(UnsupportedModelError);
    });

    it('sortHorizonModels sorts and checks without writing', () => {
      expect(sortHorizonModels([{ horizon: 8, ensemble: e4 }, { horizon: 2, ensemble: e1 }]).map((m) => m.horizon)).toEqual([2, 8]);
    });
  });

  describe('reading hostile bytes', () => {
    it('a truncated bundle, at every cut of the header and a few of the body', async () => {
      for (const cut of [4, 10, 16, 20, 35, 40, 100, bytes.length - 1]) {
        const e = await corrupt(load(bytes.slice(0, cut)));
        expect(e.reason, `cut at ${cut}`).toBe('truncated');
      }
      expect((await corrupt(load(bytes.slice(0, 2)))).reason).toBe('truncated');
    });

    it('a bad magic number', async () => {
      const b = bytes.slice();
      b[3] = 0x45; // "AV4E": an ensemble artifact's magic
      expect((await corrupt(load(b))).message).toMatch(/\(magic\): not a horizon bundle/);
    });

    it('another format version', async () => {
      expect((await corrupt(load(craft({ horizons: [1, 4], parts: [a1, a4], version: 2 })))).message).toMatch(/\(version\): format version 2, this library reads version 1/);
    });

    it('a changed byte (CRC-32)', async () => {
      const b = bytes.slice();
      b[bytes.length - 100] = b[bytes.length - 100]! ^ 1;
      expect((await corrupt(load(b))).reason).toBe('checksum');
    });

    it('trailing bytes after the declared length', async () => {
      const b = new Uint8Array(bytes.length + 3);
      b.set(bytes);
      expect((await corrupt(load(b))).message).toMatch(/\(layout\): .*trailing bytes/);
    });

    it.each([
      ['duplicate horizons', [4, 4], /horizon 4 appears twice \(positions 0 and 1\)/],
      ['unsorted horizons', [4, 1], /horizons are not increasing: 4 then 1 at position 1/],
      ['a horizon 0', [0, 4], /horizons\[0\] is 0/],
    ])('%s', async (_, horizons, message) => {
      const e = await corrupt(load(craft({ horizons, parts: [a1, a4] })));
      expect([e.reason, e.message]).toEqual(['layout', expect.stringMatching(message)]);
    });

    it('no horizons', async () => {
      expect((await corrupt(load(craft({ horizons: [], parts: [] })))).message).toMatch(/\(layout\): horizon bundle: no horizons/);
    });

    it('a horizon count beyond the bytes present', async () => {
      const e = await corrupt(load(craft({ horizons: [1, 4], parts: [a1, a4], count: 1e8 })));
      expect(e.message).toMatch(/\(layout\): byte 16: horizons: count 100000000 needs 800000000 byte\(s\)/);
    });

    it('artifact lengths beyond the buffer', async () => {
      const e = await corrupt(load(craft({ horizons: [1, 4], lengths: [a1.length, 0xfffffff0], parts: [a1, a4] })));
      expect(e.message).toMatch(/\(layout\): .*artifact length of horizon 4: count 4294967280/);
    });

    it('artifact lengths that do not add up to the bytes present', async () => {
      const e = await corrupt(load(craft({ horizons: [1, 4], lengths: [a1.length, a4.length - 10], parts: [a1, a4] })));
      expect(e.message).toMatch(/the artifacts' lengths add up to \d+ bytes, the bundle holds \d+/);
    });

    it('feature names that are not JSON, or name a feature twice', async () => {
      const bad = await corrupt(load(craft({ horizons: [1, 4], names: Uint8Array.from(ascii('["rsi_14",')), parts: [a1, a4] })));
      expect(bad.message).toMatch(/the feature names are not JSON/);
      const twice = await corrupt(load(craft({ horizons: [1, 4], names: Uint8Array.from(ascii('["a","a"]')), parts: [a1, a4] })));
      expect(twice.message).toMatch(/featureNames\[1\]: "a" is also at position 0/);
    });

    it('an artifact whose feature names are not the bundle\'s (named by horizon)', async () => {
      const other = ensembleToBinary(smallEnsemble(3, ['rsi_14', 'atr_14', 'adx_14', 'log_return_1']));
      const e = await corrupt(load(craft({ horizons: [1, 4], parts: [a1, other] })));
      expect([e.reason, e.message]).toEqual(['layout', expect.stringMatching(/horizon 4: its ensemble's feature names are not the bundle's/)]);
    });

    it('an artifact corrupted inside a bundle that is sealed again (named by horizon)', async () => {
      const inner = a4.slice();
      inner[inner.length - 50] = inner[inner.length - 50]! ^ 0xff;
      const e = await corrupt(load(craft({ horizons: [1, 4], parts: [a1, inner] })));
      expect([e.reason, e.message]).toEqual(['checksum', expect.stringMatching(/horizon 4: corrupt binary model \(checksum\)/)]);
    });

    it('feature names other than the caller\'s (FeatureMismatchError)', async () => {
      const e = await horizonsFromBinary(bytes, { featureNames: [...NAMES].reverse() }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(FeatureMismatchError);
      expect((e as Error).message).toMatch(/options\.featureNames: 4 feature name\(s\) differ/);
    });

    it('a value that is not bytes', async () => {
      expect((await corrupt(load('AV4H' as unknown as Uint8Array))).message).toMatch(/expected a horizon bundle as a Uint8Array/);
    });
  });
});
