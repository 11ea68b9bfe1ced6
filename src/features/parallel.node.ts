import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Candles } from '../core/types.js';
import { assertSeries, seriesPath, seriesRecord } from '../synthetic/series-checks.js';
import { computeFeatures } from './compute.js';
import { FeatureWorkerError } from './errors.js';
import { featureFrame } from './frame.js';
import type { FeatureFrame, FeatureOptions } from './types.js';

export { FeatureWorkerError } from './errors.js';

/** Options of {@link computeFeaturesParallel}. */
export interface ParallelOptions extends Pick<FeatureOptions, 'features'> {
  /** Worker threads to use (default: available cores, at most one per symbol). 0 computes in this thread. */
  workers?: number;
}

const PARALLEL_OPTIONS = ['features', 'workers'] as const;

const WORKER_FILE = fileURLToPath(new URL('./features-worker.js', import.meta.url));

/**
 * Computes features for several symbols on `worker_threads`, one symbol per task. Results equal sequential
 * {@link computeFeatures} bit for bit; result columns are transferred back without copying. Where workers are
 * unavailable (no built worker file next to this module, for example when running from TypeScript sources, or a
 * runtime without worker_threads), it computes in this thread.
 *
 * Arguments are checked before any worker starts: an unknown option key, a `workers` that is no integer >= 0 or a
 * `bySymbol` that is no record is an `InvalidParameterError`, invalid candles a `CandleValidationError` (issues named
 * `bySymbol.<symbol>.<field>`). A failure inside a worker (a bad feature name, say) is a {@link FeatureWorkerError}.
 *
 * @example
 * ```ts
 * const frames = await computeFeaturesParallel({ BTC: btc, ETH: eth, SOL: sol })
 * frames.ETH.column('rsi_14')
 * ```
 */
export async function computeFeaturesParallel(bySymbol: Readonly<Record<string, Candles>>, options: ParallelOptions = {}): Promise<Record<string, FeatureFrame>> {
  const { workers: wanted, features } = checkOptions(options, PARALLEL_OPTIONS, 'options');
  if (wanted !== undefined && !(Number.isSafeInteger(wanted) && wanted >= 0)) {
    throw new InvalidParameterError('workers', `expected an integer >= 0, got ${describeValue(wanted)}`);
  }
  const symbols = Object.keys(seriesRecord(bySymbol, 'bySymbol'));
  for (const s of symbols) assertSeries(bySymbol[s]!, seriesPath('bySymbol', s));
  const count = Math.min(wanted ?? availableParallelism(), symbols.length);
  if (count < 1 || !existsSync(WORKER_FILE)) {
    return Object.fromEntries(symbols.map((s) => [s, computeFeatures(bySymbol[s]!, features === undefined ? {} : { features })]));
  }
  const workers = Array.from({ length: count }, () => new Worker(WORKER_FILE));
  try {
    const out: Record<string, FeatureFrame> = {};
    let nextTask = 0;
    await Promise.all(
      workers.map(async (worker) => {
        while (nextTask < symbols.length) {
          const id = nextTask++;
          const symbol = symbols[id]!;
          out[symbol] = await run(worker, id, symbol, bySymbol[symbol]!, features);
        }
      }),
    );
    return Object.fromEntries(symbols.map((s) => [s, out[s]!]));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function run(worker: Worker, id: number, symbol: string, candles: Candles, features: readonly string[] | undefined): Promise<FeatureFrame> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { id: number; names?: string[]; columns?: Float64Array[]; error?: { code?: string; message?: string } }) => {
      if (msg.id !== id) return;
      cleanup();
      if (msg.error) reject(new FeatureWorkerError(symbol, `${msg.error.code ?? 'ERROR'}: ${msg.error.message}`));
      else resolve(featureFrame(candles.time, msg.names!, msg.columns!));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new FeatureWorkerError(symbol, e.message));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    const { time, open, high, low, close, volume } = candles;
    worker.postMessage({ id, candles: { time, open, high, low, close, volume }, features });
  });
}
