/**
 * Ensemble.predict: members awaited concurrently, per-member and ensemble probabilities (raw and calibrated), and
 * the failing-member rule (a member that throws or returns NaN / out-of-range values is reported and left out, the
 * others renormalised; too little weight left is an EnsembleMembersError), checked by hand on hand-written members.
 */
import { describe, expect, it } from 'vitest';
import { fitPlatt } from '../../../src/calibration/platt.js';
import { EnsembleMembersError } from '../../../src/ensemble/errors.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { constantMember, customMember } from './data.js';

const NAMES = ['a', 'b'];
const X = { rows: 2, cols: 2, data: new Float64Array(4) };
const weights = (...w: number[]) => ({ method: 'weights', weights: w }) as const;

describe('Ensemble.predict', () => {
  it('combines the members, reports each, and calibrates', async () => {
    const calibrator = fitPlatt([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1]);
    const e = new Ensemble([constantMember('m1', NAMES, [0.2, 0.9]), constantMember('m2', NAMES, [0.4, 0.5])], { featureNames: NAMES, combination: weights(0.75, 0.25), calibrator });
    const out = await e.predict(X);
    expect(out.raw[0]).toBeCloseTo(0.75 * 0.2 + 0.25 * 0.4, 15);
    expect(out.raw[1]).toBeCloseTo(0.75 * 0.9 + 0.25 * 0.5, 15);
    expect(Array.from(out.calibrated)).toEqual(Array.from(out.raw, (p) => calibrator.predict(p)));
    expect(out.members.map((m) => [m.name, m.status, m.share, Array.from(m.probability!)])).toEqual([
      ['m1', 'ok', 0.75, [0.2, 0.9]],
      ['m2', 'ok', 0.25, [0.4, 0.5]],
    ]);
    expect(Array.from(out.share)).toEqual([1, 1]);
  });

  it('leaves out a member that throws and renormalises the others (not read as 0.5)', async () => {
    const broken = customMember('onnx', NAMES, async () => {
      throw new Error('session closed');
    });
    const e = new Ensemble([constantMember('m1', NAMES, [0.2, 0.9]), broken, constantMember('m3', NAMES, [0.6, 0.6])], { featureNames: NAMES, combination: weights(0.5, 0.3, 0.2) });
    const out = await e.predict(X);
    expect(out.members[1]).toMatchObject({ name: 'onnx', status: 'failed', excludedRows: 2, error: 'session closed', probability: undefined });
    expect(out.raw[0]).toBeCloseTo((0.5 * 0.2 + 0.2 * 0.6) / 0.7, 15);
    expect(out.raw[1]).toBeCloseTo((0.5 * 0.9 + 0.2 * 0.6) / 0.7, 15);
    expect(out.share[0]).toBeCloseTo(0.7, 15);
  });

  it('leaves a member out of the rows where it returns NaN or a value outside [0, 1]', async () => {
    const e = new Ensemble([constantMember('m1', NAMES, [NaN, 0.9]), constantMember('m2', NAMES, [0.4, 1.2]), constantMember('m3', NAMES, [0.1, 0.3])], {
      featureNames: NAMES,
      combination: weights(0.3, 0.3, 0.4),
    });
    const out = await e.predict(X);
    expect(out.members.map((m) => [m.status, m.excludedRows])).toEqual([['invalid', 1], ['invalid', 1], ['ok', 0]]);
    expect(out.members[0]!.error).toMatch(/row 0 is NaN/);
    expect(out.raw[0]).toBeCloseTo((0.3 * 0.4 + 0.4 * 0.1) / 0.7, 15);
    expect(out.raw[1]).toBeCloseTo((0.3 * 0.9 + 0.4 * 0.3) / 0.7, 15);
  });

  it('treats a result of the wrong length as a failure', async () => {
    const e = new Ensemble([constantMember('short', NAMES, [0.5]), constantMember('m2', NAMES, [0.4, 0.6])], { featureNames: NAMES, combination: weights(0.4, 0.6) });
    const out = await e.predict(X);
    expect(out.members[0]).toMatchObject({ status: 'failed', error: 'returned Float64Array(1) for 2 row(s)' });
    expect(Array.from(out.raw)).toEqual([0.4, 0.6]);
  });

  it('fails with EnsembleMembersError when the members left hold less than minShare, naming them', async () => {
    const broken = customMember('big', NAMES, async () => {
      throw new Error('out of memory');
    });
    const e = new Ensemble([broken, constantMember('small', NAMES, [0.4, 0.6])], { featureNames: NAMES, combination: weights(0.6, 0.4) });
    await expect(e.predict(X)).rejects.toThrow(EnsembleMembersError);
    await expect(e.predict(X)).rejects.toThrow(/row 0: the members left hold 0\.4 .* less than minShare 0\.5; left out: big \(share 0\.6\): out of memory/);
    const lenient = new Ensemble([broken, constantMember('small', NAMES, [0.4, 0.6])], { featureNames: NAMES, combination: weights(0.6, 0.4), minShare: 0.4 });
    const raw = (await lenient.predict(X)).raw;
    expect(raw[0]).toBeCloseTo(0.4, 15);
    expect(raw[1]).toBeCloseTo(0.6, 15);
  });

  it('runs the members concurrently: each is called before any has finished', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    const slow = (name: string, ms: number) =>
      customMember(name, NAMES, async (m) => {
        started.push(name);
        await new Promise((resolve) => globalThis.setTimeout(resolve, ms));
        finished.push(name);
        return new Float64Array(m.rows).fill(0.5);
      });
    const e = new Ensemble([slow('a', 30), slow('b', 10)], { featureNames: NAMES, combination: weights(0.5, 0.5) });
    await e.predict(X);
    expect(started).toEqual(['a', 'b']);
    expect(finished).toEqual(['b', 'a']);
  });

  it('predicts 0 rows as empty arrays', async () => {
    const e = new Ensemble([constantMember('m', NAMES, [])], { featureNames: NAMES, combination: weights(1) });
    const out = await e.predict({ rows: 0, cols: 2, data: new Float64Array(0) });
    expect([out.raw.length, out.calibrated.length]).toEqual([0, 0]);
  });
});
