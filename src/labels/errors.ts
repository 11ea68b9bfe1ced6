import { AlphaError, InvalidParameterError } from '../core/errors.js';

/**
 * The error of invalid labeler or splitter parameters and inputs: the library's one {@link InvalidParameterError}
 * (code `'INVALID_PARAMETER'`, `parameter` names the culprit).
 *
 * @deprecated Catch `InvalidParameterError` (the same class); this name is kept so that existing imports work.
 */
export const LabelError = InvalidParameterError;
/** @deprecated The type of {@link InvalidParameterError}. */
export type LabelError = InvalidParameterError;

/**
 * Thrown when a computation's value at t changes once candles after t are removed: it looks ahead
 * (code `'LOOKAHEAD'`; `column` and `index` say where).
 *
 * @example
 * ```ts
 * try { assertNoLookahead(leaky, candles, [500]) }
 * catch (e) { if (e instanceof LookaheadError) console.log(e.column, e.index) } // 'future_close' 500
 * ```
 */
export class LookaheadError extends AlphaError {
  constructor(
    readonly column: string,
    readonly index: number,
    message: string,
  ) {
    super('LOOKAHEAD', message);
  }
}
