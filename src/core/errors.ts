/**
 * The error hierarchy of `@alpha-v4/core`. Every error the library throws is an {@link AlphaError}
 * with a stable machine-readable `code`, so callers can branch on `err.code` instead of parsing messages.
 *
 * @example
 * ```ts
 * try { candlesFromRows(rows, { timeframe: '15m' }) }
 * catch (e) { if (e instanceof AlphaError && e.code === 'CANDLE_VALIDATION') console.log(e.issues) }
 * ```
 */
export class AlphaError extends Error {
  /** Stable identifier of the failure class, for example `'CANDLE_VALIDATION'` or `'INVALID_PARAMETER'`. */
  readonly code: string;

  /** Longest message kept: messages describe values (`describeValue`), they never carry them in bulk. */
  static readonly MAX_MESSAGE = 600;

  constructor(code: string, message: string) {
    super(message.length > AlphaError.MAX_MESSAGE ? `${message.slice(0, AlphaError.MAX_MESSAGE - 3)}...` : message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found in candle input: where (row and field) and why. */
export interface CandleIssue {
  /** Zero-based index of the offending row in the input (or in the columnar arrays); -1 for the input as a whole. */
  readonly row: number;
  /** The field at fault (`'time'`, `'open'`, ...), or `'*'` when the issue concerns the whole row or input. */
  readonly field: string;
  /** A stable reason code, see {@link CandleIssueReason}. */
  readonly reason: CandleIssueReason;
  /** Human-readable explanation. */
  readonly message: string;
}

/** The reasons a candle row can be rejected. */
export type CandleIssueReason =
  | 'empty'
  | 'missing_field'
  | 'wrong_type'
  | 'not_finite'
  | 'out_of_range'
  | 'non_positive_price'
  | 'negative_volume'
  | 'high_below_body'
  | 'low_above_body'
  | 'high_below_low'
  | 'duplicate_time'
  | 'decreasing_time'
  | 'off_grid'
  | 'gap'
  | 'length_mismatch';

/**
 * Thrown when candle input is invalid. `issues` lists every offending row, field and reason
 * (capped at {@link CandleValidationError.MAX_ISSUES} to bound memory on huge inputs; `issueCount` is exact).
 * No partial data is ever returned alongside it.
 */
export class CandleValidationError extends AlphaError {
  /** Upper bound on the number of issues kept in `issues`. */
  static readonly MAX_ISSUES = 1000;
  readonly issues: readonly CandleIssue[];
  /** Total number of issues found, which may exceed `issues.length`. */
  readonly issueCount: number;

  constructor(issues: readonly CandleIssue[], issueCount = issues.length) {
    const head = issues
      .slice(0, 5)
      .map((i) => (i.row >= 0 ? `row ${i.row} ${i.field}: ${i.message}` : i.field === '*' ? i.message : `${i.field}: ${i.message}`))
      .join('; ');
    super('CANDLE_VALIDATION', `${issueCount} invalid candle value(s): ${head}${issueCount > 5 ? '; ...' : ''}`);
    this.issues = issues;
    this.issueCount = issueCount;
  }
}

/** Where a bad argument is at fault, beyond its name: the element, the shape, the value. */
export interface ParameterErrorDetails {
  /** Index of the first offending element (a row of `y`, a weight), when there is one. */
  readonly index?: number;
  /** The shape or lengths involved, e.g. `{ rows: 10, cols: 3, yLength: 9 }`. */
  readonly shape?: Readonly<Record<string, number>>;
  /** The offending value, when there is one. */
  readonly value?: unknown;
}

/**
 * An error about one argument: `parameter` names it (a dotted path such as `'peers.BTC'` or `'t1[3]'`), and
 * `index`, `shape` and `value` say where, when known. The base of {@link InvalidParameterError} (a bad parameter)
 * and of the data-fault errors that point at one argument (bad labels, weights or lengths given to a trainer).
 *
 * @example
 * ```ts
 * try { trainGBDT(X, [0, 1, 2]) }
 * catch (e) { if (e instanceof ArgumentError) console.log(e.code, e.parameter, e.index) } // 'GBDT_LABEL' 'y' 2
 * ```
 */
export class ArgumentError extends AlphaError {
  /** Name of the argument at fault. */
  readonly parameter: string;
  /** Index of the first offending element, if any. */
  readonly index?: number;
  /** Shape or lengths involved, if relevant. */
  readonly shape?: Readonly<Record<string, number>>;
  /** The offending value, if any. */
  readonly value?: unknown;

  constructor(code: string, parameter: string, message: string, details: ParameterErrorDetails = {}) {
    super(code, `${parameter}: ${message}`);
    this.parameter = parameter;
    if (details.index !== undefined) this.index = details.index;
    if (details.shape !== undefined) this.shape = details.shape;
    if ('value' in details) this.value = details.value;
  }
}

/**
 * Thrown when a function or constructor receives an argument outside its documented domain: the one error for
 * every bad parameter in the library (code `'INVALID_PARAMETER'`). `parameter` names the argument (a dotted path
 * such as `'peers.BTC'` or `'t1[3]'`); `index`, `shape` and `value` say where, when known.
 *
 * @example
 * ```ts
 * try { rsi(close, 0) }
 * catch (e) { if (e instanceof InvalidParameterError) console.log(e.code, e.parameter) } // 'INVALID_PARAMETER' 'period'
 * ```
 */
export class InvalidParameterError extends ArgumentError {
  constructor(parameter: string, message: string, details: ParameterErrorDetails = {}) {
    super('INVALID_PARAMETER', parameter, message, details);
  }
}

/** Thrown when array inputs that must be aligned have different lengths. */
export class LengthMismatchError extends AlphaError {
  constructor(message: string) {
    super('LENGTH_MISMATCH', message);
  }
}

/** Thrown when a serialized state (for example a stream's `toJSON()` output) cannot be restored. */
export class StateError extends AlphaError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

/**
 * Thrown when one of the library's own invariants fails (code `'INTERNAL'`): a bug in `@alpha-v4/core`, never a
 * fault of the input. The message says which invariant; please report it.
 *
 * @example
 * ```ts
 * throw new InternalError('feature kernel rsi reads column x, which no kernel before it produces')
 * ```
 */
export class InternalError extends AlphaError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/**
 * Thrown when an optional peer dependency a call needs is not installed, or is not what it should be (code
 * `'MISSING_DEPENDENCY'`). `dependency` names the npm package; the message says how to install it.
 *
 * @example
 * ```ts
 * try { await createONNXModel(bytes, { runtime: 'onnxruntime-web' }) }
 * catch (e) { if (e instanceof MissingDependencyError) console.log(e.dependency) } // 'onnxruntime-web'
 * ```
 */
export class MissingDependencyError extends AlphaError {
  constructor(
    /** The npm package that is missing. */
    readonly dependency: string,
    message: string,
  ) {
    super('MISSING_DEPENDENCY', message);
  }
}
