/** What a call throws, or a promise rejects with, for tests comparing a synchronous path's error with its asynchronous twin's. */
import { expect } from 'vitest';

/** An error as the tests read it. */
export type Caught = Error & { code?: string };

/** What `fn` throws (fails the test when it returns). */
export function thrown(fn: () => unknown): Caught {
  try {
    fn();
  } catch (e) {
    return e as Caught;
  }
  return expect.unreachable('expected an error') as never;
}

/** What the promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Caught> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e as Caught,
  );
}
