/** `alpha-v4 backup` and `alpha-v4 restore`: the store's backup to and from a local folder. */
import { stat } from 'node:fs/promises';
import { exportBackup } from '../../store/backup/export.js';
import { restoreBackup } from '../../store/backup/restore.js';
import { createFsBackupSink } from '../../store/index.node.js';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { CliError } from '../errors.js';
import { choiceOption, integerOption, optionalString, requiredString } from '../values.js';

/**
 * Runs `alpha-v4 restore` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.rows['alpha_v4.models'] // => 2
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const from = requiredString(values, 'from', command);
  const mode = choiceOption(values, 'mode', command, ['merge', 'replace'] as const, 'merge');
  const id = optionalString(values, 'id');
  const folder = await stat(ctx.path(from)).catch(() => null);
  if (!folder?.isDirectory()) throw new CliError('CLI_INPUT', `restore: ${from}: no such backup folder`);
  const result = await restoreBackup(await ctx.store(), createFsBackupSink(ctx.path(from)), { mode, ...(id === undefined ? {} : { id }) });
  const text = [`restored backup ${result.id} from ${from} (${mode})`, ...Object.entries(result.rows).map(([table, n]) => `  ${table}: ${n} row(s)`)].join('\n');
  return { text, data: { id: result.id, from, mode, rows: result.rows } };
}
