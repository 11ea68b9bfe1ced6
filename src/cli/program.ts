/**
 * The `alpha-v4` command as a function: `main(argv, io)` parses the command line, runs the command against the
 * store of the global options, prints its result (text or `--json`) or its failure (one line), and returns the
 * exit code. The bin (`main.node.ts`) calls it with the process's streams; tests call it in process.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { AlphaStore } from '../store/types.js';
import { helpText, parseCommandLine, splitCommand, wantsHelp } from './args.js';
import { COMMANDS } from './commands/index.js';
import type { Command, CommandContext } from './context.js';
import { CliError } from './errors.js';
import { createOutput, exitCodeOf, type CliIo } from './output.js';
import { progress, type Progress } from './progress.js';
import { optionalString } from './values.js';

const SILENT: Progress = { tick() {}, done() {} };

/** A global flag anywhere before `--` (known before the line is parsed, so that a parse error is printed as asked). */
function flag(argv: readonly string[], name: string): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes(`--${name}`);
}

/** The command named `name`, or `CLI_USAGE` listing the commands. */
function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) throw new CliError('CLI_USAGE', `unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  return command;
}

/**
 * Runs the `alpha-v4` command line `argv` (without the node and script paths) with `io`; resolves to the exit
 * code: 0 success, 1 runtime failure, 2 usage or input error (see `exitCodeOf`). Never throws: every failure is
 * printed as one line (`alpha-v4 <command>: CODE: message` on stderr, or a JSON document with `--json`). `--help`
 * (or `-h`) anywhere prints the help of the command (or of the program) and exits 0. The store is opened only when
 * a command needs it, and closed before it returns.
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const code = await main(['migrate', '--data-dir', 'db', '--json'], { stdout: (t) => lines.push(t), stderr: (t) => lines.push(t) })
 * [code, JSON.parse(lines[0]).ok] // => [0, true]
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const json = flag(argv, 'json');
  const quiet = flag(argv, 'quiet');
  const out = createOutput(io, { json, quiet });
  const cwd = io.cwd ?? process.cwd();
  let name: string | undefined;
  let store: AlphaStore | undefined;
  try {
    const split = splitCommand(argv);
    name = split.command;
    if (name === undefined || name === 'help') {
      const topic = name === 'help' ? split.rest.find((a) => !a.startsWith('-')) : undefined;
      if (name === undefined && !wantsHelp(split.rest)) throw new CliError('CLI_USAGE', 'missing command: alpha-v4 <command> [options] (see alpha-v4 --help)');
      out.raw(helpText(topic === undefined ? undefined : findCommand(topic), COMMANDS));
      return 0;
    }
    const command = findCommand(name);
    if (wantsHelp(split.rest)) {
      out.raw(helpText(command, COMMANDS));
      return 0;
    }
    const { values, positionals } = parseCommandLine(command, split.rest);
    const dataDir = optionalString(values, 'data-dir');
    const databaseUrl = optionalString(values, 'database-url') ?? (dataDir === undefined ? io.env?.ALPHA_V4_DATABASE_URL || undefined : undefined);
    const ctx: CommandContext = {
      command: command.name,
      values,
      positionals,
      io,
      json,
      quiet,
      path: (path) => resolve(cwd, path),
      store: async () => (store ??= await (await import('./store.js')).openStore({ databaseUrl, dataDir, cwd })),
      progress: (label, total) => (quiet || json ? SILENT : progress(label, total, { write: io.stderr, isTTY: io.isTTY === true })),
    };
    const result = await (await command.load()).run(ctx);
    const opened = store;
    store = undefined;
    await opened?.close();
    out.result(command.name, result);
    return result.exitCode ?? 0;
  } catch (e) {
    const code = exitCodeOf(e);
    out.failure(name, e, code);
    return code;
  } finally {
    await store?.close().catch(() => undefined);
  }
}
