import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCandles, type Ohlcv } from '../lib/data.js';

const NATIVE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const BUILD_DIR = join(NATIVE_DIR, 'build');
const ROOT = join(NATIVE_DIR, '..', '..');
const TALIB_DIR = join(ROOT, 'node_modules', 'talib', 'src', 'lib');

/** One indicator as timed by bench/native/harness.c. */
export interface NativeResult {
  readonly retCode: number;
  readonly begIdx: number;
  readonly nbElement: number;
  readonly medianMs: number;
  readonly runsMs: number[];
  /** Last value of each TA-Lib output, in TA-Lib's output order. */
  readonly last: number[];
}

export interface NativeRun {
  readonly version: string;
  readonly n: number;
  readonly runs: number;
  readonly results: Record<string, NativeResult>;
}

/** A compiled harness and the candle file it reads. */
export interface NativeHarness {
  readonly exe: string;
  readonly bin: string;
  /** The gcc command line, repo-relative. */
  readonly compile: string;
}

/**
 * Compiles bench/native/harness.c against the TA-Lib static library shipped by the `talib` package
 * (`gcc -O2`, into bench/native/build/) and writes the candles as binary.
 * Returns a reason string instead when gcc, the headers or the .a files are missing, or the build fails.
 */
export function prepareNative(data: Ohlcv): NativeHarness | string {
  const lib = join(TALIB_DIR, 'lib');
  const include = join(TALIB_DIR, 'include');
  for (const f of [join(lib, 'libta_func_csr.a'), join(lib, 'libta_common_csr.a'), join(include, 'ta_libc.h')]) {
    if (!existsSync(f)) return `TA-Lib static library not found (${f})`;
  }
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'gcc not found';
  }
  mkdirSync(BUILD_DIR, { recursive: true });
  const exe = join(BUILD_DIR, 'harness');
  const src = join(NATIVE_DIR, 'harness.c');
  const args = ['-O2', '-o', exe, src, `-I${include}`, `-L${lib}`, '-lta_func_csr', '-lta_common_csr', '-lm'];
  if (!existsSync(exe) || statSync(exe).mtimeMs < statSync(src).mtimeMs) {
    try {
      execFileSync('gcc', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return `gcc failed: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(0, 500)}`;
    }
  }
  const bin = join(BUILD_DIR, 'candles.bin');
  writeFileSync(bin, encodeCandles(data));
  return { exe, bin, compile: `gcc ${args.map((a) => a.split(ROOT + '/').join('')).join(' ')}` };
}

/** Runs the harness: `runs` timed passes of one indicator (TA-Lib name) or of all ten. Throws on failure. */
export function runNative(h: NativeHarness, runs: number, indicator?: string): NativeRun {
  const args = [h.bin, String(runs), ...(indicator === undefined ? [] : [indicator])];
  return JSON.parse(execFileSync(h.exe, args, { encoding: 'utf8', maxBuffer: 1 << 24 })) as NativeRun;
}
