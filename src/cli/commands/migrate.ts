/** `alpha-v4 migrate`: applies the alpha_v4 migrations to the database. */
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';

/**
 * Runs `alpha-v4 migrate` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data // => { applied: ['20261127000100', ...], reapplied: [], skipped: [] }
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const store = await ctx.store();
  const { applied, reapplied, skipped } = await store.migrate();
  const list = (versions: readonly string[]): string => (versions.length > 0 ? `: ${versions.join(', ')}` : '');
  const text = [`applied ${applied.length} migration(s)${list(applied)}`, ...(reapplied.length > 0 ? [`reapplied ${reapplied.length} changed migration(s)${list(reapplied)}`] : []), `skipped ${skipped.length} already applied`].join('\n');
  return { text, data: { applied, reapplied, skipped } };
}
