/**
 * The errors of the `alpha-v4` command: a bad command line, a bad input file, or a command that cannot run here.
 * Every other failure is the library's own `AlphaError`, passed through as thrown.
 *
 * @module
 */
import { AlphaError } from '../core/errors.js';

/** The codes a {@link CliError} can carry. */
export type CliErrorCode = 'CLI_USAGE' | 'CLI_INPUT' | 'CLI_UNAVAILABLE';

/**
 * The `alpha-v4` command refused: `code` says why.
 *
 * - `CLI_USAGE`: an unknown command or option, a missing or malformed option value (exit code 2);
 * - `CLI_INPUT`: an input file that cannot be read or parsed (a malformed CSV or JSON, a bad candle, a model file
 *   of the wrong format); the message names the file and, where there is one, the row and the field (exit code 2);
 * - `CLI_UNAVAILABLE`: the command cannot run in this installation (`bench` outside the repository checkout, the
 *   report generator absent) (exit code 1).
 *
 * Nothing is written when one is thrown.
 *
 * @example
 * ```ts
 * new CliError('CLI_USAGE', 'ingest: unknown option --symbl').message // => 'ingest: unknown option --symbl'
 * ```
 */
export class CliError extends AlphaError {
  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message);
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
