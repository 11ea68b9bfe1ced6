/**
 * The time budget of an invocation: its work runs against a deadline, on a store that refuses every operation once
 * the deadline has passed, so that work abandoned at the deadline can start no write.
 */
import type { AlphaStore } from '@alpha-v4/core/store';
import { EdgeFunctionError } from './errors.ts';

/** What {@link withinDeadline} gives: the work's value, or the deadline's error when it came first. */
export type Budgeted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EdgeFunctionError };

/**
 * The store seen by work under a deadline: every method call first checks `signal` and throws its reason (the
 * `BUDGET_EXCEEDED` error) once aborted, so that no read or write starts after the deadline. Properties that are
 * not methods (the kysely pools, the driver) pass through.
 *
 * @example
 * ```ts
 * const guarded = deadlineStore(store, AbortSignal.abort(new EdgeFunctionError('BUDGET_EXCEEDED', 'late')))
 * await guarded.writePredictions(rows) // throws EdgeFunctionError BUDGET_EXCEEDED: late (nothing written)
 * ```
 */
export function deadlineStore(store: AlphaStore, signal: AbortSignal): AlphaStore {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        signal.throwIfAborted();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * Runs `work` against a deadline `ms` milliseconds from now. The first to come wins:
 *
 * - the work settles: its value (`{ ok: true, value }`), or its error thrown;
 * - the deadline passes: `signal` is aborted with an `EdgeFunctionError` 'BUDGET_EXCEEDED' and that error is
 *   returned (`{ ok: false, error }`); the work is abandoned (run it on {@link deadlineStore} so that its next store
 *   call throws), and whatever it settles with later is dropped.
 *
 * A deadline already passed (`ms <= 0`) returns the error at once, the work not started.
 *
 * @example
 * ```ts
 * await withinDeadline(5, () => new Promise((r) => setTimeout(r, 50))) // => { ok: false, error: EdgeFunctionError BUDGET_EXCEEDED }
 * ```
 */
export async function withinDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<Budgeted<T>> {
  const late = (): EdgeFunctionError =>
    new EdgeFunctionError('BUDGET_EXCEEDED', `the work's deadline (${Math.max(0, Math.round(ms))} ms) passed before it finished; nothing was written`);
  if (!(ms > 0)) return { ok: false, error: late() };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Budgeted<T>>((resolve) => {
    timer = setTimeout(() => {
      const error = late();
      controller.abort(error);
      resolve({ ok: false, error });
    }, ms);
  });
  const run = work(controller.signal).then((value): Budgeted<T> => ({ ok: true, value }));
  // Once the deadline has won, the abandoned work's rejection (its next store call) is expected: drop it.
  run.catch(() => {});
  try {
    return await Promise.race([run, expired]);
  } finally {
    clearTimeout(timer);
  }
}
