/**
 * Tampering with a serialized state for the property tests (issue 13, item 6): where a change can land (every field
 * of every nested object, and a sample of every array's elements: the first two, the middle, the last), and what it
 * does there (a hostile value, a small or large numeric change, a removal, an extra field or element).
 */
import fc from 'fast-check';
import { HOSTILE_STATE_VALUES } from '../support/hostile.js';

/** Keys from the root of a JSON value to one place in it. */
export type Path = readonly (string | number)[];

/** The places a tamper can hit in `value`: each object field, and the sampled elements of each array. */
export function places(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) {
    const sample = [...new Set([0, 1, value.length >> 1, value.length - 1])].filter((i) => i >= 0 && i < value.length);
    return [at, ...sample.flatMap((i) => places(value[i], [...at, i]))];
  }
  if (typeof value === 'object' && value !== null) {
    return [...(at.length > 0 ? [at] : []), ...Object.entries(value).flatMap(([k, v]) => places(v, [...at, k]))];
  }
  return [at];
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  return path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
}

/** What a tamper does at its place. */
export type Change = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'scale'; readonly factor: number; readonly shift: number } | { readonly kind: 'remove' | 'extra' };

/** Any change: a hostile value, a numeric change from a nudge of 1e-9 to a sign flip, a removal, an extra field. */
export const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom(...HOSTILE_STATE_VALUES.map(([, value]): Change => ({ kind: 'value', value }))),
  fc.constantFrom(
    ...([
      [1 + 1e-9, 1e-12],
      [1, 1],
      [1, -1],
      [1, 0.5],
      [-1, 0],
      [2, 0],
      [0.5, 0],
      [1e6, 0],
    ] as const).map(([factor, shift]): Change => ({ kind: 'scale', factor, shift })),
  ),
  fc.constantFrom<Change>({ kind: 'remove' }, { kind: 'extra' }),
);

/** Applies `change` at `path` of `root` (in place) and returns a description for failure messages. */
export function applyChange(root: unknown, path: Path, change: Change): string {
  const parent = parentOf(root, path);
  const key = path[path.length - 1]!;
  const where = JSON.stringify(path);
  switch (change.kind) {
    case 'value':
      parent[key] = change.value;
      break;
    case 'scale': {
      const v = parent[key];
      parent[key] = (typeof v === 'number' ? v : 0) * change.factor + change.shift;
      break;
    }
    case 'remove':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'extra': {
      const target = parent[key];
      const into = typeof target === 'object' && target !== null ? target : parent;
      if (Array.isArray(into)) into.push(1);
      else (into as Record<string, unknown>).bogus = 1;
    }
  }
  return `${where} ${change.kind} ${JSON.stringify(change)?.slice(0, 60)}`;
}
