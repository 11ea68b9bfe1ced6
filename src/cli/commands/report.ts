/** `alpha-v4 report`: the HTML report of the store (models, live metrics, calibration), by the report generator. */
import type { CommandContext } from '../context.js';
import { DEFAULT_REPORT_FILE } from './options.js';
import type { CommandResult } from '../output.js';
import { writeReport } from '../report/write-report.node.js';
import { optionalString, timeOption } from '../values.js';

/** Runs `alpha-v4 report` (see its spec in ./index.ts). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const out = optionalString(ctx.values, 'out') ?? DEFAULT_REPORT_FILE;
  const now = timeOption(ctx.values, 'now', ctx.command);
  await writeReport(await ctx.store(), { out: ctx.path(out), ...(now === undefined ? {} : { now }) });
  return { text: `report written to ${out}`, data: { out } };
}
