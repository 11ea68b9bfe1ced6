/**
 * The shape check of a serialized feature stream, before `restoreFeatureStream` builds anything from it: the fields
 * `FeatureStream.toJSON()` writes and nothing else, each of the right type and range. The kernels' states are then
 * checked by their own restore rules.
 * @module
 */
import { MAX_CANDLE_TIME } from '../core/candle-checks.js';
import { describeValue } from '../core/describe.js';
import { StateError } from '../core/errors.js';
import type { SerializedFeatureStream } from './types.js';

const FIELDS = ['features', 'peers', 'committed', 'lastTime', 'kernels'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Throws `StateError` naming `field` unless `value` is an array of strings. */
function checkNames(value: unknown, field: string): readonly string[] {
  if (!Array.isArray(value)) throw new StateError(`${field}: expected an array of names, got ${describeValue(value)}`);
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) throw new StateError(`${field}[${bad}]: expected a name, got ${describeValue(value[bad])}`);
  return value as readonly string[];
}

/**
 * Checks that `json` has the shape of `FeatureStream.toJSON()` output and returns it typed: `features` and `peers`
 * arrays of strings (`peers` may be absent, as in states saved before peers existed), `committed` an integer >= 0,
 * `lastTime` null before the first candle and a candle time (|t| <= 8.64e15 ms) after it, `kernels` an object, and
 * no other field. Throws `StateError` naming the field.
 *
 * @example
 * ```ts
 * checkSerialized(JSON.parse(JSON.stringify(stream.toJSON()))) // => the state, typed
 * checkSerialized(null) // throws StateError: feature stream state: expected the output of FeatureStream.toJSON(), got null
 * checkSerialized({ ...saved, committed: -1 }) // throws StateError: committed: expected an integer >= 0, got -1
 * ```
 */
export function checkSerialized(json: unknown): SerializedFeatureStream {
  if (!isRecord(json)) throw new StateError(`feature stream state: expected the output of FeatureStream.toJSON(), got ${describeValue(json)}`);
  const unknown = Object.keys(json).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new StateError(`${describeValue(unknown)}: not a field of a feature stream state (fields: ${FIELDS.join(', ')})`);
  const features = checkNames(json.features, 'features');
  const peers = json.peers === undefined ? [] : checkNames(json.peers, 'peers');
  const { committed, lastTime, kernels } = json;
  if (typeof committed !== 'number' || !Number.isSafeInteger(committed) || committed < 0) {
    throw new StateError(`committed: expected an integer >= 0, got ${describeValue(committed)}`);
  }
  if (committed === 0 ? lastTime !== null : typeof lastTime !== 'number' || !(Math.abs(lastTime) <= MAX_CANDLE_TIME)) {
    const expected = committed === 0 ? 'null (no candle committed)' : `the time of the last candle, a number within +-${MAX_CANDLE_TIME}`;
    throw new StateError(`lastTime: expected ${expected}, got ${describeValue(lastTime)}`);
  }
  if (!isRecord(kernels)) throw new StateError(`kernels: expected an object of kernel states by key, got ${describeValue(kernels)}`);
  return { features, peers, committed, lastTime: lastTime as number | null, kernels: kernels as SerializedFeatureStream['kernels'] };
}
