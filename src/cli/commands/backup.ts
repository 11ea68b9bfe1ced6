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
 * Runs `alpha-v4 backup` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.id // => '20261207T184500123Z'
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const out = requiredString(values, 'out', command);
  const keepAll = optionalString(values, 'retention-days') === 'all';
  const retentionDays = keepAll ? Infinity : integerOption(values, 'retention-days', command, 1, 100_000, 30);
  const { manifest, pruned } = await exportBackup(await ctx.store(), createFsBackupSink(ctx.path(out)), { retentionDays });
  const rows = Object.fromEntries(Object.entries(manifest.tables).map(([table, files]) => [table, files.reduce((s, f) => s + f.rows, 0)]));
  const text = [
    `backup ${manifest.id} written to ${out}: ${manifest.models.binaries} model binary(ies)`,
    ...Object.entries(rows).map(([table, n]) => `  ${table}: ${n} row(s)`),
    ...(pruned.length > 0 ? [`deleted ${pruned.length} backup(s) older than ${retentionDays} days: ${pruned.join(', ')}`] : []),
  ].join('\n');
  return { text, data: { id: manifest.id, out, binaries: manifest.models.binaries, rows, pruned } };
}
