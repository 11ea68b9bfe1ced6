/**
 * What the `alpha-v4` command prints and the exit code it ends with: a command's result as text or, with `--json`,
 * as one JSON document on stdout; a failure as one line naming what is wrong (or one JSON document with `--json`).
 *
 * @module
 */
import { AlphaError } from '../core/errors.js';
import { StoreError, sqlStateOf } from '../store/errors.js';

/** Where the command writes, and what it knows of its environment (injected, so that tests run it in process). */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error (progress, warnings, human error lines). */
  stderr(text: string): void;
  /** Standard error is a terminal: progress bars redraw in place. */
  readonly isTTY?: boolean;
  /** Environment variables (`ALPHA_V4_DATABASE_URL`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are resolved against (default the process's). */
  readonly cwd?: string;
}

/** What a command returns: a text for people and the data of its `--json` document. */
export interface CommandResult {
  /** Lines for people (printed unless `--quiet` or `--json`). */
  readonly text: string;
  /** The fields of the `--json` document (with `ok` (true when the exit code is 0) and `command` added). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The exit code when not 0 (a partial success, such as `batch-predict --skip-failed` with failures). */
  readonly exitCode?: number;
}

/**
 * The exit codes: 0 success; 1 a runtime failure (the database, a model, a job); 2 a usage or input error (an
 * unknown command or option, a bad file or candle, an unknown symbol or timeframe, a model of the wrong format).
 *
 * @example
 * ```ts
 * EXIT_CODES.usage // => 2
 * ```
 */
export const EXIT_CODES = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/** The error codes that mean bad usage or input (exit code 2); every other failure exits with 1. */
const INPUT_CODES: ReadonlySet<string> = new Set([
  'CLI_USAGE',
  'CLI_INPUT',
  'INVALID_PARAMETER',
  'CANDLE_VALIDATION',
  'UNKNOWN_MARKET',
  'UNKNOWN_SYMBOL',
  'MISSING_PEER',
  'FEATURE_MISMATCH',
  'MODEL_FORMAT',
  'MODEL_UNSUPPORTED',
]);

/** SQLSTATEs of a missing schema, table or function: the database has not been migrated. */
const UNMIGRATED: ReadonlySet<string> = new Set(['3F000', '42P01', '42883']);

/**
 * The exit code of a failure: 2 for usage and input errors (`CLI_USAGE`, `CLI_INPUT`, `INVALID_PARAMETER`,
 * `CANDLE_VALIDATION`, `UNKNOWN_MARKET`, `UNKNOWN_SYMBOL`, `MISSING_PEER`, `FEATURE_MISMATCH`, `MODEL_FORMAT`,
 * `MODEL_UNSUPPORTED`), 1 for anything else.
 *
 * @example
 * ```ts
 * exitCodeOf(new CliError('CLI_USAGE', 'unknown command "trian"')) // => 2
 * exitCodeOf(new StoreError('STORE_WRITE', 'connection lost'))     // => 1
 * ```
 */
export function exitCodeOf(error: unknown): number {
  return error instanceof AlphaError && INPUT_CODES.has(error.code) ? EXIT_CODES.usage : EXIT_CODES.failure;
}

/**
 * A failure as one line: `CODE: message` for a library error, the message alone otherwise (newlines of a multi-line
 * message joined by "; "), with a hint when the database says a schema, table or function is missing (SQLSTATE
 * 3F000, 42P01, 42883 on the error or a `StoreError`'s cause): the alpha_v4 migrations have not run.
 *
 * @example
 * ```ts
 * errorLine(new CliError('CLI_INPUT', 'prices.csv line 3: high: must be a number')) // => 'CLI_INPUT: prices.csv line 3: high: must be a number'
 * ```
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s*\r?\n\s*/g, '; ').trim();
  const state = error instanceof StoreError ? error.sqlState : sqlStateOf(error);
  const hint = state !== undefined && UNMIGRATED.has(state) ? ' (has `alpha-v4 migrate` run on this database?)' : '';
  return `${error instanceof AlphaError ? `${error.code}: ` : ''}${oneLine}${hint}`;
}

/** The JSON text of a document: Dates as ISO text, typed arrays as arrays, non-finite numbers as null. */
function jsonText(document: unknown): string {
  return JSON.stringify(document, (_key, value: unknown) => (ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value));
}

/** Prints results and failures the way the global options ask (`--json`, `--quiet`). */
export interface Output {
  /** Prints a command's result: its `--json` document, or its text (nothing with `--quiet`). */
  result(command: string, result: CommandResult): void;
  /** Prints a failure: `alpha-v4 <command>: CODE: message` on stderr, or its `--json` document on stdout. */
  failure(command: string | undefined, error: unknown, exitCode: number): void;
  /** Prints text as it is (help), on stdout. */
  raw(text: string): void;
}

/**
 * The output of one run of the command.
 *
 * @example
 * ```ts
 * createOutput(io, { json: true, quiet: false }).result('migrate', { text: '', data: { applied: [] } })
 * // stdout: {"ok":true,"command":"migrate","applied":[]}
 * ```
 */
export function createOutput(io: CliIo, mode: { readonly json: boolean; readonly quiet: boolean }): Output {
  const line = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    result(command, result) {
      if (mode.json) io.stdout(line(jsonText({ ok: (result.exitCode ?? 0) === 0, command, ...result.data })));
      else if (!mode.quiet && result.text !== '') io.stdout(line(result.text));
    },
    failure(command, error, exitCode) {
      if (mode.json) {
        const code = error instanceof AlphaError ? error.code : 'ERROR';
        io.stdout(line(jsonText({ ok: false, ...(command ? { command } : {}), exitCode, error: { code, message: errorLine(error).slice(error instanceof AlphaError ? code.length + 2 : 0) } })));
      } else {
        io.stderr(line(`alpha-v4${command ? ` ${command}` : ''}: ${errorLine(error)}`));
      }
    },
    raw(text) {
      io.stdout(line(text));
    },
  };
}
