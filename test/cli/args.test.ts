/**
 * The command line without a database: splitting and parsing (util.parseArgs, strict), the help of every command,
 * option values, exit codes, one-line errors and progress output. Expected values are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS, helpText, parseCommandLine, splitCommand, wantsHelp, type CommandSpec } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { CliError } from '../../src/cli/errors.js';
import { createOutput, errorLine, exitCodeOf } from '../../src/cli/output.js';
import { progress } from '../../src/cli/progress.js';
import { choiceOption, integerOption, listOption, marketOption, marketsOption, requiredString, timeOption } from '../../src/cli/values.js';
import { CandleValidationError, InvalidParameterError } from '../../src/core/errors.js';
import { BatchPredictError, PipelineError } from '../../src/pipeline/errors.js';
import { DEFAULT_MARKETS } from '../../src/pipeline/types.js';
import { StoreError } from '../../src/store/errors.js';
import { cli } from './run-cli.js';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'A demo command.',
  usage: '<file> [options]',
  options: { symbol: { type: 'string', value: '<s>', description: 'a symbol' }, write: { type: 'boolean', description: 'write' } },
  positionals: { min: 1, max: 1 },
};

function usageError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe('CLI_USAGE');
    return e as CliError;
  }
  throw new RangeError('expected a CliError');
}

describe('splitCommand and wantsHelp', () => {
  it('finds the command after global options, keeping them', () => {
    expect(splitCommand(['--json', '--data-dir', 'db', 'migrate', '--quiet'])).toEqual({ command: 'migrate', rest: ['--json', '--data-dir', 'db', '--quiet'] });
    expect(splitCommand(['--database-url=postgres://x/y', 'ingest', 'a.csv'])).toEqual({ command: 'ingest', rest: ['--database-url=postgres://x/y', 'a.csv'] });
    expect(splitCommand(['--json'])).toEqual({ command: undefined, rest: ['--json'] });
  });

  it('refuses a command option before the command', () => {
    expect(usageError(() => splitCommand(['--symbol', 'BTC', 'train'])).message).toBe('unknown option --symbol before the command (see alpha-v4 --help)');
  });

  it('sees --help and -h anywhere before --', () => {
    expect(wantsHelp(['--symbol', 'BTC', '-h'])).toBe(true);
    expect(wantsHelp(['x', '--', '--help'])).toBe(false);
  });
});

describe('parseCommandLine', () => {
  it('parses options, flags, global options and positionals', () => {
    const { values, positionals } = parseCommandLine(spec, ['a.csv', '--symbol=BTC', '--write', '--json', '--data-dir', 'db']);
    expect(positionals).toEqual(['a.csv']);
    expect(values).toMatchObject({ symbol: 'BTC', write: true, json: true, 'data-dir': 'db' });
  });

  it('names an unknown option on one line', () => {
    expect(usageError(() => parseCommandLine(spec, ['a.csv', '--symbl', 'BTC'])).message).toBe('demo: unknown option --symbl (see alpha-v4 demo --help)');
  });

  it('names an option without its value, and a value given to a flag', () => {
    expect(usageError(() => parseCommandLine(spec, ['a.csv', '--symbol'])).message).toBe('demo: --symbol needs a value');
    expect(usageError(() => parseCommandLine(spec, ['a.csv', '--write=yes'])).message).toBe('demo: --write takes no value');
  });

  it('counts positional arguments', () => {
    expect(usageError(() => parseCommandLine(spec, [])).message).toBe('demo: missing argument: alpha-v4 demo <file> [options]');
    expect(usageError(() => parseCommandLine(spec, ['a.csv', 'b.csv'])).message).toBe('demo: unexpected argument "b.csv" (see alpha-v4 demo --help)');
  });
});

describe('help', () => {
  it('lists every command with its summary, the global options and the exit codes', () => {
    const text = helpText(undefined, COMMANDS);
    for (const c of COMMANDS) expect(text).toContain(`  ${c.name}`);
    for (const name of Object.keys(GLOBAL_OPTIONS)) expect(text).toContain(`--${name}`);
    expect(text).toContain('2  usage or input error');
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('alpha-v4 %s --help prints its usage, every option and the exit codes, exit 0', async (name, command) => {
    const run = await cli([name, '--help'], '/');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`Usage: alpha-v4 ${name}`)).toBe(true);
    for (const option of Object.keys(command.options)) expect(run.stdout).toContain(`--${option}`);
    expect(run.stdout).toContain('Exit codes:');
  });

  it('alpha-v4 --help and alpha-v4 help <command> print the help, exit 0', async () => {
    expect((await cli(['--help'], '/')).stdout).toBe(`${helpText(undefined, COMMANDS)}\n`);
    expect((await cli(['help', 'train'], '/')).stdout).toBe(`${helpText(COMMANDS.find((c) => c.name === 'train'), COMMANDS)}\n`);
  });

  it('no command is a usage error (exit 2, one line on stderr)', async () => {
    const run = await cli([], '/');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('alpha-v4: CLI_USAGE: missing command: alpha-v4 <command> [options] (see alpha-v4 --help)\n');
  });

  it('an unknown command is a usage error naming it (exit 2; --json: one JSON document)', async () => {
    const run = await cli(['trian', '--json'], '/');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, command: 'trian', exitCode: 2, error: { code: 'CLI_USAGE', message: `unknown command "trian" (commands: ${COMMANDS.map((c) => c.name).join(', ')})` } });
  });
});

describe('option values', () => {
  it('reads required strings, integers, lists, choices and times', () => {
    expect(requiredString({ symbol: 'BTC' }, 'symbol', 'x')).toBe('BTC');
    expect(usageError(() => requiredString({}, 'symbol', 'x')).message).toBe('x: --symbol is required');
    expect(integerOption({ rounds: '20' }, 'rounds', 'x', 1, 100, 5)).toBe(20);
    expect(integerOption({}, 'rounds', 'x', 1, 100, 5)).toBe(5);
    expect(usageError(() => integerOption({ rounds: '2.5' }, 'rounds', 'x', 1, 100, 5)).message).toBe('x: --rounds: expected an integer from 1 to 100, got "2.5"');
    expect(usageError(() => integerOption({ rounds: '0' }, 'rounds', 'x', 1, 100, 5)).message).toContain('got "0"');
    expect(listOption({ f: 'a, b,c' }, 'f', 'x')).toEqual(['a', 'b', 'c']);
    expect(usageError(() => listOption({ f: 'a,,b' }, 'f', 'x')).message).toBe('x: --f: expected a comma-separated list, got "a,,b"');
    expect(choiceOption({ t: 'both' }, 't', 'x', ['live', 'both'], 'live')).toBe('both');
    expect(usageError(() => choiceOption({ t: 'all' }, 't', 'x', ['live', 'both'], 'live')).message).toBe('x: --t: expected one of live, both, got "all"');
    expect(timeOption({ now: '2024-01-05T10:00Z' }, 'now', 'x')).toBe(Date.UTC(2024, 0, 5, 10));
    expect(timeOption({ now: '1704448800000' }, 'now', 'x')).toBe(Date.UTC(2024, 0, 5, 10));
    expect(usageError(() => timeOption({ now: 'tomorrow' }, 'now', 'x')).message).toBe('x: --now: expected an ISO 8601 time (2024-01-05T10:00Z) or epoch milliseconds, got "tomorrow"');
  });

  it('reads markets, and refuses a malformed or unknown one', () => {
    expect(marketsOption({}, 'x')).toBe(DEFAULT_MARKETS);
    expect(marketsOption({ markets: 'BTC:15m,ETH:1h' }, 'x')).toEqual([{ symbol: 'BTC', timeframe: '15m' }, { symbol: 'ETH', timeframe: '1h' }]);
    expect(usageError(() => marketsOption({ markets: 'BTC' }, 'x')).message).toBe('x: --markets: expected SYMBOL:TIMEFRAME items (BTC:15m), got "BTC"');
    expect(usageError(() => marketsOption({ markets: 'BTC:4h' }, 'x')).message).toContain('--markets[0].timeframe');
  });

  it('finds the market of --symbol and --timeframe, or names the unknown symbol or timeframe', () => {
    expect(marketOption({ symbol: 'ETH', timeframe: '1h' }, 'x', DEFAULT_MARKETS)).toEqual({ symbol: 'ETH', timeframe: '1h' });
    const unknown = (values: Record<string, string>): PipelineError => {
      try {
        marketOption(values, 'x', DEFAULT_MARKETS);
      } catch (e) {
        return e as PipelineError;
      }
      throw new RangeError('expected a PipelineError');
    };
    expect(unknown({ symbol: 'DOGE', timeframe: '15m' })).toMatchObject({ code: 'UNKNOWN_MARKET', message: expect.stringContaining('unknown symbol "DOGE"') });
    expect(unknown({ symbol: 'BTC', timeframe: '2h' })).toMatchObject({ code: 'UNKNOWN_MARKET', message: expect.stringContaining('unknown timeframe "2h"') });
  });
});

describe('where the store is', () => {
  it('--database-url must be a postgres:// URL (its password hidden in the message), and names one database', async () => {
    const scheme = await cli(['migrate', '--database-url', 'mysql://me:secret@h/x'], '/');
    expect([scheme.code, scheme.stderr]).toEqual([2, 'alpha-v4 migrate: CLI_USAGE: --database-url: expected postgres://user:password@host:port/database, got "mysql://me:***@h/x"\n']);
    const both = await cli(['migrate', '--database-url', 'postgres://h/x', '--data-dir', 'db'], '/');
    expect([both.code, both.stderr]).toEqual([2, 'alpha-v4 migrate: CLI_USAGE: --database-url and --data-dir name two databases: give one\n']);
  });

  it('$ALPHA_V4_DATABASE_URL is the default database URL', async () => {
    const r = await cli(['migrate'], '/', { ALPHA_V4_DATABASE_URL: 'sqlite://x' });
    expect(r.stderr).toBe('alpha-v4 migrate: CLI_USAGE: --database-url: expected postgres://user:password@host:port/database, got "sqlite://x"\n');
  });

  it('a server that cannot be reached is a runtime failure (exit 1, one line)', async () => {
    const r = await cli(['migrate', '--database-url', 'postgres://u:p@127.0.0.1:1/x'], '/');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^alpha-v4 migrate: STORE_MIGRATION: [^\n]*ECONNREFUSED[^\n]*\n$/);
  });
});

describe('exit codes and error lines', () => {
  it('2 for usage and input errors, 1 for the rest', () => {
    expect(exitCodeOf(new CliError('CLI_USAGE', 'x'))).toBe(2);
    expect(exitCodeOf(new CliError('CLI_INPUT', 'x'))).toBe(2);
    expect(exitCodeOf(new InvalidParameterError('p', 'x'))).toBe(2);
    expect(exitCodeOf(new CandleValidationError([]))).toBe(2);
    expect(exitCodeOf(new PipelineError('UNKNOWN_MARKET', 'x'))).toBe(2);
    expect(exitCodeOf(new PipelineError('NO_ACTIVE_MODEL', 'x'))).toBe(1);
    expect(exitCodeOf(new StoreError('STORE_WRITE', 'x'))).toBe(1);
    expect(exitCodeOf(new CliError('CLI_UNAVAILABLE', 'x'))).toBe(1);
    expect(exitCodeOf(new RangeError('x'))).toBe(1);
  });

  it('one line: the code, the message with its line breaks joined, a hint when the schema is missing', () => {
    const failures = [
      { symbol: 'BTC', timeframe: '15m' as const, error: new PipelineError('NO_ACTIVE_MODEL', 'a') },
      { symbol: 'ETH', timeframe: '1h' as const, error: new PipelineError('STALE_CANDLES', 'b') },
    ];
    expect(errorLine(new BatchPredictError(failures, 6))).toBe('BATCH_FAILED: batchPredict: 2 of 6 market(s) failed, nothing written:; BTC 15m: NO_ACTIVE_MODEL: a; ETH 1h: STALE_CANDLES: b');
    expect(errorLine(new StoreError('STORE_READ', 'relation "alpha_v4.models" does not exist', { sqlState: '42P01' }))).toBe(
      'STORE_READ: relation "alpha_v4.models" does not exist (has `alpha-v4 migrate` run on this database?)',
    );
    expect(errorLine(new RangeError('plain'))).toBe('plain');
  });

  it('prints results as text, nothing with --quiet, one JSON document with --json (ok false when the exit code is not 0)', () => {
    const printed: string[] = [];
    const io = { stdout: (t: string) => void printed.push(`out:${t}`), stderr: (t: string) => void printed.push(`err:${t}`) };
    createOutput(io, { json: false, quiet: false }).result('x', { text: 'done', data: { n: 1 } });
    createOutput(io, { json: false, quiet: true }).result('x', { text: 'done', data: { n: 1 } });
    createOutput(io, { json: true, quiet: true }).result('x', { text: 'done', data: { at: new Date(0), v: Float64Array.of(0.5) }, exitCode: 1 });
    expect(printed).toEqual(['out:done\n', 'out:{"ok":false,"command":"x","at":"1970-01-01T00:00:00.000Z","v":[0.5]}\n']);
  });
});

describe('progress', () => {
  it('prints a line at each 10% crossed, then the last count at done (not a terminal)', () => {
    const lines: string[] = [];
    const p = progress('rows', 20, { write: (t) => void lines.push(t) });
    p.tick(1); // 5%: below the first step
    p.tick(2); // 15%
    p.tick(7); // 50%
    p.tick(1); // 55%: same step
    p.done();
    p.tick(5); // after done: nothing
    expect(lines).toEqual(['rows: 15% (3/20)\n', 'rows: 50% (10/20)\n', 'rows: 55% (11/20)\n']);
  });

  it('redraws one bar in place on a terminal, when the whole percentage changes', () => {
    const out: string[] = [];
    const p = progress('rows', 4, { write: (t) => void out.push(t), isTTY: true });
    p.tick(2);
    p.tick(0);
    p.tick(9); // clamped to the total
    p.done();
    expect(out).toEqual([`\rrows [${'#'.repeat(12)}${'-'.repeat(12)}] 50% 2/4`, `\rrows [${'#'.repeat(24)}] 100% 4/4`, '\n']);
  });

  it('refuses a total or a tick that is not an integer >= 0', () => {
    expect(() => progress('x', -1, { write: () => 0 })).toThrow(InvalidParameterError);
    expect(() => progress('x', 3, { write: () => 0 }).tick(1.5)).toThrow(/n: expected an integer >= 0, got 1.5/);
  });
});
