/**
 * What a command is and what it is given: its spec (options, help), its parsed command line, the store opened on
 * demand, progress and paths.
 *
 * @module
 */
import type { AlphaStore } from '../store/types.js';
import type { CommandSpec, OptionValues } from './args.js';
import type { CliIo, CommandResult } from './output.js';
import type { Progress } from './progress.js';

/** What a command runs with. */
export interface CommandContext {
  /** The command's name (for messages). */
  readonly command: string;
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  /** `--json`: stdout carries only the JSON document. */
  readonly json: boolean;
  /** `--quiet`: print nothing but errors. */
  readonly quiet: boolean;
  /** `path` resolved against the working directory. */
  path(path: string): string;
  /** The store of the global options, opened on first call (and closed after the command). */
  store(): Promise<AlphaStore>;
  /** A progress report on stderr (silent with `--quiet` or `--json`). */
  progress(label: string, total: number): Progress;
}

/** A command: its spec, and a loader of its implementation (imported only when the command runs). */
export interface Command extends CommandSpec {
  load(): Promise<{ run(ctx: CommandContext): Promise<CommandResult> }>;
}
