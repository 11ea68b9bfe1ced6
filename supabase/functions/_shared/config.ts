/**
 * The Edge Functions' settings, read once per isolate from the environment: the credentials a caller may present,
 * the time budget of an invocation, and the database.
 */
import { EdgeFunctionError } from './errors.ts';

/** Where settings come from: a record of variables, or a getter (`Deno.env.get`). */
export type EnvSource = Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);

/** The checked settings of an Edge Function. */
export interface EdgeConfig {
  /** HS256 secret of service-role JWTs: `ALPHA_V4_JWT_SECRET`, else `SUPABASE_JWT_SECRET`. */
  readonly jwtSecret: string | undefined;
  /** The shared secret a caller may present instead: `ALPHA_V4_FUNCTION_SECRET`. */
  readonly functionSecret: string | undefined;
  /** Milliseconds an invocation may take in all: `ALPHA_V4_BUDGET_MS`, default 8000. */
  readonly budgetMs: number;
  /** The last part of the budget kept for the one write: `floor(budgetMs / 8)` (1000 ms of 8000). */
  readonly reserveMs: number;
  /**
   * The PostgreSQL connection string: `DATABASE_URL` when set (yours: e.g. the transaction pooler, port 6543), else
   * `SUPABASE_DB_URL` (set by Supabase; a name you cannot set yourself).
   */
  readonly databaseUrl: string | undefined;
}

/** The default time budget of an invocation, in milliseconds. */
export const DEFAULT_BUDGET_MS = 8000;
/** The longest budget accepted: Supabase's wall-clock limit of a free-plan invocation (150 s). */
const MAX_BUDGET_MS = 150_000;
/** The shortest secret accepted (HS256 keys and shared secrets shorter than this are guessable). */
const MIN_SECRET_LENGTH = 16;

/**
 * The environment of the runtime: `Deno.env.get` under Deno (Supabase Edge), `process.env` under Node.
 *
 * @example
 * ```ts
 * typeof runtimeEnv() // => 'function' under Deno, 'object' under Node
 * ```
 */
export function runtimeEnv(): EnvSource {
  const g = globalThis as { Deno?: { env: { get(name: string): string | undefined } }; process?: { env: Record<string, string | undefined> } };
  if (g.Deno) return (name) => g.Deno!.env.get(name);
  return g.process?.env ?? {};
}

/** One variable, an empty value counting as unset. */
function read(env: EnvSource, name: string): string | undefined {
  const value = typeof env === 'function' ? env(name) : env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A secret: unset, or at least 16 characters. */
function secret(env: EnvSource, names: readonly string[]): string | undefined {
  const name = names.find((n) => read(env, n) !== undefined);
  const value = name === undefined ? undefined : read(env, name)!;
  if (value !== undefined && value.length < MIN_SECRET_LENGTH) {
    throw new EdgeFunctionError('EDGE_CONFIG', `${name} has ${value.length} characters: a secret needs at least ${MIN_SECRET_LENGTH}`);
  }
  return value;
}

/**
 * Reads and checks the settings: at least one credential (`ALPHA_V4_JWT_SECRET` / `SUPABASE_JWT_SECRET`, or
 * `ALPHA_V4_FUNCTION_SECRET`), each of at least 16 characters; `ALPHA_V4_BUDGET_MS` an integer from 1 to 150000
 * (default 8000); the reserve for the write is `floor(budget / 8)`. Throws `EdgeFunctionError` 'EDGE_CONFIG' naming
 * the variable otherwise. The database URL is checked when a store is opened from it.
 *
 * @example
 * ```ts
 * readConfig({ ALPHA_V4_FUNCTION_SECRET: 'a-long-enough-secret' }).reserveMs // => 1000
 * readConfig({ ALPHA_V4_BUDGET_MS: '8s' })  // throws EdgeFunctionError EDGE_CONFIG: ALPHA_V4_BUDGET_MS ...
 * ```
 */
export function readConfig(env: EnvSource): EdgeConfig {
  const jwtSecret = secret(env, ['ALPHA_V4_JWT_SECRET', 'SUPABASE_JWT_SECRET']);
  const functionSecret = secret(env, ['ALPHA_V4_FUNCTION_SECRET']);
  if (jwtSecret === undefined && functionSecret === undefined) {
    throw new EdgeFunctionError('EDGE_CONFIG', 'no credential is configured: set ALPHA_V4_JWT_SECRET (the project JWT secret) or ALPHA_V4_FUNCTION_SECRET');
  }
  const budgetText = read(env, 'ALPHA_V4_BUDGET_MS');
  const budgetMs = budgetText === undefined ? DEFAULT_BUDGET_MS : Number(budgetText);
  if (!Number.isInteger(budgetMs) || budgetMs < 1 || budgetMs > MAX_BUDGET_MS) {
    throw new EdgeFunctionError('EDGE_CONFIG', `ALPHA_V4_BUDGET_MS must be an integer number of milliseconds from 1 to ${MAX_BUDGET_MS}, got ${JSON.stringify(budgetText)}`);
  }
  return { jwtSecret, functionSecret, budgetMs, reserveMs: Math.floor(budgetMs / 8), databaseUrl: read(env, 'DATABASE_URL') ?? read(env, 'SUPABASE_DB_URL') };
}
