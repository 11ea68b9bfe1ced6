/** featureNameDiff and checkFeatureNames: missing, extra and moved names with their positions. */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { FeatureMismatchError } from '../../../src/ensemble/errors.js';
import { checkFeatureNames, checkNameList, featureNameDiff } from '../../../src/ensemble/feature-names.js';

describe('feature names', () => {
  it('finds nothing between equal lists', () => {
    expect(featureNameDiff(['a', 'b'], ['a', 'b'])).toEqual({ missing: [], extra: [], moved: [] });
    expect(() => checkFeatureNames(['a', 'b'], ['a', 'b'], 'x')).not.toThrow();
  });

  it('names missing, extra and moved names with positions', () => {
    expect(featureNameDiff(['a', 'b', 'c'], ['b', 'a', 'd'])).toEqual({
      missing: [{ name: 'c', position: 2 }],
      extra: [{ name: 'd', position: 2 }],
      moved: [
        { name: 'a', expected: 0, actual: 1 },
        { name: 'b', expected: 1, actual: 0 },
      ],
    });
  });

  it('counts every difference and lists five of each kind in the message', () => {
    const expected = Array.from({ length: 8 }, (_, i) => `f${i}`);
    const e = (() => {
      try {
        checkFeatureNames(expected, ['new', ...expected], 'options.featureNames');
      } catch (err) {
        return err as FeatureMismatchError;
      }
      throw new Error('expected a throw');
    })();
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect([e.expected, e.actual]).toEqual([8, 9]);
    expect(e.message).toBe(
      "options.featureNames: 9 feature name(s) differ from the model's: extra new (given position 0); moved f0 (model position 0, given 1), f1 (model position 1, given 2), f2 (model position 2, given 3), f3 (model position 3, given 4), f4 (model position 4, given 5), ... (8 in all)",
    );
  });

  it('rejects lists with duplicates or non-strings', () => {
    expect(() => checkNameList(['a', 'a'], 'names')).toThrow(InvalidParameterError);
    expect(() => checkNameList(['a', 'a'], 'names')).toThrow('names[1]: "a" is also at position 0');
    expect(() => checkNameList(['a', 3 as never], 'names')).toThrow(InvalidParameterError);
    expect(() => checkNameList('a' as never, 'names')).toThrow(InvalidParameterError);
  });
});
