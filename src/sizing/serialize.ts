/**
 * Reading a sizing policy back from its JSON form.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError, StateError } from '../core/errors.js';
import { SIZING_CONFIG_KEYS, type SizingConfig } from './config.js';
import { createSizingPolicy, type SizingPolicy } from './policy.js';

/** Longest key quoted in a message (a hostile key of any length keeps it short). */
const MAX_KEY = 40;

function fail(path: string, message: string): never {
  throw new StateError(`sizing policy JSON${path}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * Reads a sizing policy from its JSON form (`policy.toJSON()`, or that through `JSON.stringify` and `JSON.parse`),
 * checking it: an object `{ version: 1, config }` and nothing else, a config with every key of the configuration
 * (a stored policy is complete: a missing key would silently take a default that may have changed since) and each
 * value valid as `createSizingPolicy` checks it. The policy read sizes exactly as the one written. Throws
 * `StateError` (code `INVALID_STATE`) naming the first fault.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(createSizingPolicy({ kelly: 0.5 }))
 * sizingPolicyFromJSON(JSON.parse(json)).config.kelly // => 0.5
 * sizingPolicyFromJSON({ version: 2, config: {} })
 * // throws StateError: sizing policy JSON.version: expected 1, got 2
 * ```
 */
export function sizingPolicyFromJSON(json: unknown): SizingPolicy {
  if (!isPlainObject(json)) fail('', `expected an object { version, config }, got ${describeValue(json)}`);
  for (const key of Object.keys(json)) {
    if (key !== 'version' && key !== 'config') fail(`.${key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}...` : key}`, 'unknown key (known: version, config)');
  }
  if (json.version !== 1) fail('.version', `expected 1, got ${describeValue(json.version)}`);
  const config = json.config;
  if (!isPlainObject(config)) fail('.config', `expected an object, got ${describeValue(config)}`);
  for (const key of SIZING_CONFIG_KEYS) if (config[key] === undefined) fail(`.config.${key}`, 'missing (a stored policy lists every key)');
  try {
    return createSizingPolicy(config as Partial<SizingConfig>);
  } catch (e) {
    // The config's checks, said of the JSON: "config.kelly: must be ..." becomes "sizing policy JSON.config.kelly: must be ...".
    if (e instanceof InvalidParameterError) fail(`.${e.parameter}`, e.message.slice(e.parameter.length + 2));
    throw e;
  }
}
