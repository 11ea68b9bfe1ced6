/**
 * Runs a Supabase Edge Function of supabase/functions/ under the real Deno binary (the npm package `deno`), on
 * 127.0.0.1 and a free port, offline: `--no-remote`, the node_modules the repo installed (`nodeModulesDir: manual`
 * in supabase/functions/deno.json, which maps `@alpha-v4/core/*` to the built dist/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const DENO = join(ROOT, 'node_modules/.bin/deno');
export const FUNCTIONS = join(ROOT, 'supabase/functions');

/** A function running under Deno. */
export interface EdgeProcess {
  readonly name: string;
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `performance.now()` when the process was spawned, and when it printed that it listens. */
  readonly spawnedAt: number;
  readonly listeningAt: number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<void>;
}

/** The Deno command line that runs a function: every permission it needs, no more. */
export function denoArgs(name: string): string[] {
  return ['run', '--no-remote', '--no-prompt', '--config', join(FUNCTIONS, 'deno.json'), '--allow-net=127.0.0.1', '--allow-env', join(FUNCTIONS, name, 'index.ts')];
}

/** Starts supabase/functions/<name>/index.ts with `env` (and PATH, HOME), resolving once it listens. */
export async function startFunction(name: string, env: Readonly<Record<string, string>>, timeoutMs = 60_000): Promise<EdgeProcess> {
  if (!existsSync(join(FUNCTIONS, name, 'index.ts'))) throw new Error(`no function ${name}`);
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(DENO, denoArgs(name), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', DENO_SERVE_ADDRESS: 'tcp:127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${text}`));
    });
  });
  const listeningAt = performance.now();
  return {
    name,
    url,
    spawnedAt,
    listeningAt,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
