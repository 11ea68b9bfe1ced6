/** Shared assertions of the sizing tests. */
import { expect } from 'vitest';
import { InvalidParameterError, StateError } from '../../src/core/errors.js';

/** A bad input's case: a title, the call, the parameter the error must name and a fragment of its message. */
export type InvalidCase = readonly [title: string, call: () => unknown, parameter: string, message: string | RegExp];

/** `call` throws an `InvalidParameterError` (code INVALID_PARAMETER) naming `parameter`, the message containing `message`. */
export function expectInvalid(call: () => unknown, parameter: string, message: string | RegExp): void {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidParameterError);
  const e = error as InvalidParameterError;
  expect(e.code).toBe('INVALID_PARAMETER');
  expect(e.parameter).toBe(parameter);
  expect(e.message.startsWith(`${parameter}: `)).toBe(true);
  if (typeof message === 'string') expect(e.message).toContain(message);
  else expect(e.message).toMatch(message);
}

/** `call` throws a `StateError` (code INVALID_STATE) whose message contains `message`. */
export function expectBadState(call: () => unknown, message: string | RegExp): void {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StateError);
  expect((error as StateError).code).toBe('INVALID_STATE');
  if (typeof message === 'string') expect((error as Error).message).toContain(message);
  else expect((error as Error).message).toMatch(message);
}

/** Casts a hostile value to the parameter type a call expects. */
export const any = <T>(value: unknown): T => value as T;
