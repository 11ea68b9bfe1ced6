/** The generated feature columns (src/store/feature-columns.ts) agree with the catalogue and are current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { FEATURE_COLUMNS } from '../../src/store/index.js';
import { FEATURE_COLUMNS_FILE, renderFeatureColumns } from '../../scripts/gen-store-types.js';

describe('src/store/feature-columns.ts', () => {
  it('is what scripts/gen-store-types.ts generates from the current catalogue (run it after changing the catalogue)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', FEATURE_COLUMNS_FILE), 'utf8');
    expect(committed).toBe(renderFeatureColumns(FEATURES));
  });

  it('lists every catalogue feature, in catalogue order, as a column name', () => {
    expect([...FEATURE_COLUMNS]).toEqual(FEATURES.map((f) => f.name));
    for (const name of FEATURE_COLUMNS) expect(name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });

  it('refuses a catalogue whose names cannot be columns', () => {
    expect(() => renderFeatureColumns([{ name: 'ts', group: 'x', description: '' }])).toThrow(/collides/);
    expect(() => renderFeatureColumns([{ name: 'Bad-Name', group: 'x', description: '' }])).toThrow(/not a column name/);
    expect(() => renderFeatureColumns([{ name: 'a', group: 'x', description: '*/ evil' }])).not.toThrow();
    expect(renderFeatureColumns([{ name: 'a', group: 'x', description: '*/ evil' }])).not.toMatch(/\*\/ evil/);
  });
});
