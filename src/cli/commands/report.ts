/** `alpha-v4 report`: the HTML report of the store's resolved predictions, by the report generator. */
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { writeReport } from '../report/write-report.node.js';
import { integerOption, optionalString, timeOption } from '../values.js';
import { DEFAULT_REPORT_FILE } from './options.js';

/**
 * Runs `alpha-v4 report` (its options and help are in ./index.ts): `writeReport(store, { out, from, to, now,
 * topFeatures })`.
 *
 * @example
 * ```ts
 * (await run(ctx)).text // => 'report written to alpha-v4-report.html (48213 bytes)'
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const { command, values } = ctx;
  const out = optionalString(values, 'out') ?? DEFAULT_REPORT_FILE;
  const range = { from: timeOption(values, 'from', command), to: timeOption(values, 'to', command), now: timeOption(values, 'now', command) };
  const top = optionalString(values, 'top-features') === undefined ? undefined : integerOption(values, 'top-features', command, 1, 100, 20);
  const query = Object.fromEntries(Object.entries({ ...range, topFeatures: top }).filter(([, v]) => v !== undefined));
  const written = await writeReport(await ctx.store(), { out: ctx.path(out), ...query });
  return { text: `report written to ${out} (${written.bytes} bytes)`, data: { out, path: written.path, bytes: written.bytes } };
}
