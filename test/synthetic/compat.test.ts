/**
 * The cross-asset features moved from the synthetic module to the features module; `@alpha-v4/core/synthetic` keeps
 * re-exporting them (deprecated), as the very same bindings, so old imports and `instanceof` checks keep working.
 */
import { describe, expect, it } from 'vitest';
import * as features from '../../src/features/index.js';
import * as synthetic from '../../src/synthetic/index.js';

const MOVED = [
  'MissingPeerError',
  'UnknownSymbolError',
  'SYNTHETIC_DEFAULTS',
  'SYNTHETIC_GROUP',
  'parseSyntheticName',
  'symbolSlug',
  'syntheticFeature',
  'syntheticFeatures',
  'coMomentsKernel',
  'logReturnKernel',
  'logSpreadKernel',
  'zScoreKernel',
] as const;

describe('synthetic entry: compatibility re-exports', () => {
  it.each(MOVED)('%s is the features binding', (name) => {
    expect(features[name]).toBeDefined();
    expect(synthetic[name]).toBe(features[name]);
  });
});
