/** The messages between the fuzz pool (test process) and its workers. */
import type { FuzzCase, FuzzReader } from './corpus.js';

/** What the pool asks a worker to run. */
export type Task =
  | { type: 'fuzz'; case: FuzzCase }
  | { type: 'sweep'; reader: FuzzReader; fixture: number; what: 'truncate' | 'count' }
  | { type: 'hostile'; index: number };

/** A task as sent, with the id its reply carries. */
export type Request = Task & { id: number };

/**
 * The outcome of one reader call: a value (`same` when it predicts exactly as the unmutated fixture), a typed
 * error, or a violation found inside the worker (`bad`: an untyped error, an allocation above the bound, a loaded
 * model that does not work). The pool adds `crash` (the worker died, for example out of memory) and `hang`.
 */
export type Outcome =
  | { kind: 'ok'; same?: boolean }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'bad'; message: string }
  | { kind: 'crash' | 'hang'; message: string };

/** The result of a sweep: how many inputs ran and the first few violations. */
export interface SweepResult {
  cases: number;
  failures: string[];
}
