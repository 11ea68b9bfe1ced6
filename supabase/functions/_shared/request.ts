/** The body of a prediction invocation, checked with zod. */
import * as z from 'zod';

/**
 * The JSON body a prediction function accepts (every field optional; an empty body is `{}`; unknown keys are
 * refused):
 *
 * - `now`: the clock, an ISO 8601 date-time with offset (`2025-03-01T10:07:00Z`) or epoch milliseconds; default
 *   the server's clock. Candles closed by then count.
 * - `write`: insert the predictions (default true), in one transaction.
 * - `horizons`: `'all'` (default) every horizon of each market's model, `'first'` only the smallest.
 */
export const PredictRequest = z.strictObject({
  now: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
  write: z.boolean().optional(),
  horizons: z.enum(['all', 'first']).optional(),
});

/** A checked body. */
export type PredictRequest = z.infer<typeof PredictRequest>;

/** What {@link parsePredictRequest} gives: the checked body, or why it is refused. */
export type ParsedRequest = { readonly ok: true; readonly value: PredictRequest; readonly now: number | undefined } | { readonly ok: false; readonly reason: string };

/**
 * Reads and checks a request body: empty means `{}`; text that is not JSON is refused with the parser's message;
 * JSON that does not fit {@link PredictRequest} with zod's message (`z.prettifyError`: one line per issue, with its
 * path). `now` is returned as epoch milliseconds.
 *
 * @example
 * ```ts
 * await parsePredictRequest(new Request('http://x', { method: 'POST', body: '{"write":"yes"}' }))
 * // => { ok: false, reason: '✖ Invalid input: expected boolean, received string\n  → at write' }
 * ```
 */
export async function parsePredictRequest(request: Request): Promise<ParsedRequest> {
  const text = await request.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { ok: false, reason: `the body is not JSON: ${(e as Error).message}` };
    }
  }
  const parsed = PredictRequest.safeParse(json);
  if (!parsed.success) return { ok: false, reason: z.prettifyError(parsed.error) };
  const { now } = parsed.data;
  return { ok: true, value: parsed.data, now: typeof now === 'string' ? Date.parse(now) : now };
}
