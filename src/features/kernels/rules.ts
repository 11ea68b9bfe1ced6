/**
 * State rules shared by the feature kernels' streams (see `BaseStream.stateRules` in core/stream.ts).
 * @module
 */
import { within, type FieldRule } from '../../core/stream.js';

/** A price: finite and > 0. */
export const POSITIVE: FieldRule = within(Number.MIN_VALUE, Number.MAX_VALUE);

/** A price, or NaN for "none yet". */
export const POSITIVE_OR_NAN: FieldRule = { ...POSITIVE, nan: true };

/** A finite number, or NaN for "none yet" (never ±Infinity). */
export const FINITE_OR_NAN: FieldRule = { nan: true };
