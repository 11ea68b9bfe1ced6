/**
 * The readers' fuzz worker (started by pool.ts through boot.mjs, under a memory cap): runs fuzz cases, sweeps and
 * named hostile cases against the model readers and reports each outcome as plain data. The allocation meter is
 * imported first, so that the library's typed arrays are metered.
 */
import { BoundExceeded, metered } from './meter.js';
import { parentPort } from 'node:worker_threads';
import { AlphaError } from '../../../src/core/errors.js';
import { modelFromBinary, modelToBinary } from '../../../src/ensemble/gbdt/io/model-binary.js';
import { TreeEnsembleModel } from '../../../src/ensemble/gbdt/model.js';
import { applyCase, buildCorpus, probeRows, read, sweepInputs, type Entry, type FuzzCase, type FuzzReader, type ReaderName } from './corpus.js';
import { HOSTILE_CASES } from './hostile.js';
import type { Outcome, Request, SweepResult } from './protocol.js';

/** The stated bound (bounded.ts): at most 128 bytes of typed arrays per input byte, plus 1 MB. */
const boundFor = (input: unknown): number =>
  (typeof input === 'string' || input instanceof Uint8Array ? 128 * input.length : 16 << 20) + (1 << 20);

const CODES = new Set(['MODEL_FORMAT', 'MODEL_CORRUPT', 'MODEL_UNSUPPORTED']);

/** Runs a reader under the allocation bound and classifies what it did. */
function run(reader: ReaderName, input: unknown, reference?: Entry): Outcome {
  let value: unknown;
  try {
    value = metered(boundFor(input), () => read(reader, input)).result;
  } catch (e) {
    if (e instanceof AlphaError && CODES.has(e.code) && e.message.length <= AlphaError.MAX_MESSAGE) return { kind: 'error', code: e.code, message: e.message };
    return { kind: 'bad', message: `${e instanceof BoundExceeded ? 'allocation above the bound' : 'untyped error'}: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}` };
  }
  if (reader === 'ubjson') return { kind: 'ok' };
  return checkModel(value, reference);
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => Object.is(x, b[i]));

/**
 * A loaded model must be usable: predictions, leaves, contributions (or TreeSHAP's typed refusal) and a lossless
 * binary round trip; `same` if it predicts exactly as `reference`.
 */
function checkModel(m: unknown, reference?: Entry): Outcome {
  if (!(m instanceof TreeEnsembleModel)) return { kind: 'bad', message: `the reader returned ${String(m)}, not a TreeEnsembleModel` };
  try {
    const X = probeRows(m.nFeatures);
    const raw = m.predictRaw(X).data;
    m.predictLeaves(X);
    try {
      m.predictContributions(X);
    } catch (e) {
      // TreeSHAP may refuse a model (no usable covers, too deep): with a typed error only
      if (!(e instanceof AlphaError && e.code === 'MODEL_UNSUPPORTED')) throw e;
    }
    if (m.numNodes <= 200_000 && !sameBits(modelFromBinary(modelToBinary(m)).predictRaw(X).data, raw)) return { kind: 'bad', message: 'the binary round trip changed the predictions' };
    const same = reference !== undefined && m.nFeatures === reference.model.nFeatures && sameBits(raw, reference.raw);
    return { kind: 'ok', same };
  } catch (e) {
    return { kind: 'bad', message: `the loaded model failed: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}` };
  }
}

let corpus: Record<FuzzReader, Entry[]> | undefined;

/** A fuzz case: a typed error or a usable model, and the very same model when the input was not changed. */
function fuzz(c: FuzzCase): Outcome {
  corpus ??= buildCorpus();
  const { entry, input } = applyCase(corpus, c);
  const o = run(c.reader, input, entry);
  const unchanged = typeof input === 'string' ? input === entry.data : sameBits(input, entry.data as Uint8Array);
  if (unchanged && !(o.kind === 'ok' && o.same)) return { kind: 'bad', message: `the unchanged fixture ${entry.name} gave ${JSON.stringify(o)}` };
  return o;
}

/** A sweep (see `sweepInputs`): every input a typed error or a usable model, and what `sweepInputs` says it must be. */
function sweep(reader: FuzzReader, fixture: number, what: 'truncate' | 'count'): SweepResult {
  corpus ??= buildCorpus();
  const entry = corpus[reader][fixture % corpus[reader].length]!;
  const failures: string[] = [];
  let cases = 0;
  for (const [label, input, expect] of sweepInputs(reader, entry.data, what)) {
    cases++;
    const o = run(reader, input, entry);
    const bad =
      o.kind === 'bad' ? o.message
      : expect === 'error' && o.kind !== 'error' ? 'loaded, but must fail'
      : expect === 'same' && !(o.kind === 'ok' && o.same) ? `must be the unmutated model, got ${JSON.stringify(o)}`
      : undefined;
    if (bad !== undefined && failures.length < 5) failures.push(`${entry.name} ${label}: ${bad}`);
  }
  return { cases, failures };
}

parentPort!.on('message', (req: Request) => {
  let reply: Outcome | SweepResult;
  if (req.type === 'fuzz') reply = fuzz(req.case);
  else if (req.type === 'sweep') reply = sweep(req.reader, req.fixture, req.what);
  else {
    const c = HOSTILE_CASES[req.index]!;
    let input: unknown;
    try {
      input = c.build();
    } catch (e) {
      reply = { kind: 'bad', message: `building the input failed: ${String(e)}` };
      parentPort!.postMessage({ id: req.id, reply });
      return;
    }
    reply = run(c.reader, input);
  }
  parentPort!.postMessage({ id: req.id, reply });
});
parentPort!.postMessage({ ready: true });
