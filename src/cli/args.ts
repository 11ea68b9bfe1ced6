/**
 * The command line of `alpha-v4`: the global options, each command's options, parsed by Node's built-in
 * `util.parseArgs` (strict: an unknown option or a missing value is a usage error), and the help texts.
 *
 * `util.parseArgs` (node:util, stable since Node 20) is a real, maintained parser with no dependency: long and short
 * options, `--name=value` and `--name value`, booleans, repeated options, positionals and `--`. Nothing the command
 * needs is missing from it.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in the help (`<file>`). */
  readonly value?: string;
  readonly description: string;
}

/** What a command declares for the parser and the help. */
export interface CommandSpec {
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** The arguments after the command's name in the usage line (`<file.csv|file.json> --symbol <s> ...`). */
  readonly usage: string;
  /** Further lines of the help (what is written, what it needs). */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments accepted: at least `min`, at most `max` (Infinity for a list). */
  readonly positionals?: { readonly min: number; readonly max: number };
}

/**
 * The options every command takes.
 *
 * @example
 * ```ts
 * Object.keys(GLOBAL_OPTIONS) // => ['database-url', 'data-dir', 'json', 'quiet', 'help']
 * ```
 */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'database-url': { type: 'string', value: '<url>', description: 'PostgreSQL or Supabase (postgres://...); default $ALPHA_V4_DATABASE_URL, else the embedded PGlite' },
  'data-dir': { type: 'string', value: '<dir>', description: 'the embedded PGlite database folder (default ./.alpha-v4/pglite)' },
  json: { type: 'boolean', description: 'print one machine-readable JSON document on stdout (errors too)' },
  quiet: { type: 'boolean', description: 'print nothing but errors (and the JSON document with --json); no progress' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** The parsed values of a command line: strings, booleans, undefined when absent. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** A parsed command line. */
export interface ParsedLine {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

const STRING_GLOBALS = new Set(Object.keys(GLOBAL_OPTIONS).filter((k) => GLOBAL_OPTIONS[k]!.type === 'string'));
const BOOLEAN_FLAGS = new Set(['--json', '--quiet', '--help', '-h']);

/**
 * Splits `argv` into the command name and the rest: global options may come before the command; the first other
 * token is the command. Returns `command: undefined` when there is none (only global options). Throws `CliError`
 * `CLI_USAGE` for an option before the command that is not global.
 *
 * @example
 * ```ts
 * splitCommand(['--json', 'migrate', '--data-dir', 'db']) // => { command: 'migrate', rest: ['--json', '--data-dir', 'db'] }
 * ```
 */
export function splitCommand(argv: readonly string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    if (!token.startsWith('-')) return { command: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    const name = token.replace(/^--?/, '').split('=')[0]!;
    if (STRING_GLOBALS.has(name)) {
      if (!token.includes('=')) i++;
    } else if (!BOOLEAN_FLAGS.has(token)) {
      throw new CliError('CLI_USAGE', `unknown option ${token.split('=')[0]} before the command (see alpha-v4 --help)`);
    }
  }
  return { command: undefined, rest: [...argv] };
}

/**
 * True when `--help` or `-h` appears before any `--`: help is shown whatever else the line holds.
 *
 * @example
 * ```ts
 * wantsHelp(['--symbol', 'BTC', '-h']) // => true
 * ```
 */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The one-line usage message of a parser error (Node's messages carry advice that does not fit on one line). */
function usageMessage(command: string, error: { code?: string; message: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) return `${command}: unknown option ${quoted} (see alpha-v4 ${command} --help)`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) {
    const name = quoted.split(' ')[0]!;
    return error.message.includes('argument missing') ? `${command}: ${name} needs a value` : `${command}: ${name} takes no value`;
  }
  return `${command}: ${error.message}`;
}

/**
 * Parses a command's arguments (global options included) with `util.parseArgs`, strictly: an unknown option, a
 * missing value, a value given to a flag, or a wrong number of positional arguments is a `CliError` `CLI_USAGE`
 * naming it.
 *
 * @example
 * ```ts
 * parseCommandLine(spec, ['prices.csv', '--symbol', 'BTC']).values.symbol // => 'BTC'
 * ```
 */
export function parseCommandLine(spec: CommandSpec, args: readonly string[]): ParsedLine {
  const options = Object.fromEntries(
    Object.entries({ ...GLOBAL_OPTIONS, ...spec.options }).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliError('CLI_USAGE', usageMessage(spec.name, e as { code?: string; message: string }), { cause: e });
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  const n = parsed.positionals.length;
  if (n > max) throw new CliError('CLI_USAGE', `${spec.name}: unexpected argument ${JSON.stringify(parsed.positionals[max])} (see alpha-v4 ${spec.name} --help)`);
  if (n < min) throw new CliError('CLI_USAGE', `${spec.name}: missing argument: alpha-v4 ${spec.name} ${spec.usage}`);
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text}`);
}

const EXIT_LINES = ['Exit codes:', '  0  success', '  1  runtime failure (database, model, job)', '  2  usage or input error (unknown command or option, bad file or candle, unknown symbol or timeframe, wrong model format)'];

/**
 * The help of one command, or of the whole program when `spec` is undefined (`commands` lists them).
 *
 * @example
 * ```ts
 * helpText(migrateSpec, []).split('\n')[0] // => 'Usage: alpha-v4 migrate [options]'
 * ```
 */
export function helpText(spec: CommandSpec | undefined, commands: readonly CommandSpec[]): string {
  if (spec === undefined) {
    const width = Math.max(...commands.map((c) => c.name.length));
    return [
      'Usage: alpha-v4 <command> [options]',
      '',
      'The @alpha-v4/core command: candles in, features, models, predictions, evaluation, backups.',
      '',
      'Commands:',
      ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
      '',
      'Global options:',
      ...optionLines(GLOBAL_OPTIONS),
      '',
      ...EXIT_LINES,
      '',
      'Run alpha-v4 <command> --help for a command’s options.',
    ].join('\n');
  }
  return [
    `Usage: alpha-v4 ${spec.name} ${spec.usage}`.trimEnd(),
    '',
    spec.summary,
    ...(spec.details ? ['', spec.details] : []),
    ...(Object.keys(spec.options).length > 0 ? ['', 'Options:', ...optionLines(spec.options)] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    ...EXIT_LINES,
  ].join('\n');
}
