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
import { applyCase, buildCorpus, probeRows, read, sweepInputs, type AnyEntry, type Entry, type FuzzCase, type FuzzReader, type ReaderName } from './corpus.js';
import { buildOtherCorpus, OTHER_READERS, useOther, type OtherEntry, type OtherReader } from './others.js';
import { HOSTILE_CASES } from './hostile.js';
import type { Outcome, Request, SweepResult } from './protocol.js';

/** The stated bound (bounded.ts): at most 128 bytes of typed arrays per input byte, plus 1 MB. */
const boundFor = (input: unknown): number =>
  (typeof input === 'string' || input instanceof Uint8Array ? 128 * input.length : 16 << 20) + (1 << 20);

const CODES = new Set(['MODEL_FORMAT', 'MODEL_CORRUPT', 'MODEL_UNSUPPORTED']);
/**
 * The ensemble reader may also refuse a (re-sealed) artifact whose feature names are not the ones given
 * (FEATURE_MISMATCH) or that names an ONNX member when no runtime was given (INVALID_PARAMETER).
 */
const ENSEMBLE_CODES = new Set([...CODES, 'FEATURE_MISMATCH', 'INVALID_PARAMETER']);

const isOther = (reader: ReaderName): reader is OtherReader => (OTHER_READERS as readonly string[]).includes(reader);

/** Runs a reader under the allocation bound and classifies what it did. */
async function run(reader: ReaderName, input: unknown, reference?: AnyEntry): Promise<Outcome> {
  let value: unknown;
  try {
    value = (await metered(boundFor(input), async () => read(reader, input))).result;
  } catch (e) {
    const codes = reader === 'ensemble-binary' ? ENSEMBLE_CODES : CODES;
    if (e instanceof AlphaError && codes.has(e.code) && e.message.length <= AlphaError.MAX_MESSAGE) return { kind: 'error', code: e.code, message: e.message };
    return { kind: 'bad', message: `${e instanceof BoundExceeded ? 'allocation above the bound' : 'untyped error'}: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}` };
  }
  if (reader === 'ubjson') return { kind: 'ok' };
  if (isOther(reader)) return checkOther(reader, value, reference as OtherEntry | undefined);
  return checkModel(value, reference as Entry | undefined);
}

/** A value of the MLP, ensemble or ONNX reader must be usable (others.ts, `useOther`); `same` if it is the reference's. */
async function checkOther(reader: OtherReader, value: unknown, reference?: OtherEntry): Promise<Outcome> {
  try {
    const fingerprint = await useOther(reader, value);
    return { kind: 'ok', same: reference !== undefined && fingerprint === reference.fingerprint };
  } catch (e) {
    return { kind: 'bad', message: `the loaded model failed: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}` };
  }
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
    const same = reference !== undefined && m.nFeatures === reference.X.cols && sameBits(raw, reference.raw);
    return { kind: 'ok', same };
  } catch (e) {
    return { kind: 'bad', message: `the loaded model failed: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}` };
  }
}

let corpus: Promise<Record<FuzzReader, AnyEntry[]>> | undefined;
/** The corpus of every reader, built on first use (once per worker). */
const getCorpus = (): Promise<Record<FuzzReader, AnyEntry[]>> => (corpus ??= buildOtherCorpus().then((others) => ({ ...buildCorpus(), ...others })));

/** A fuzz case: a typed error or a usable model, and the very same model when the input was not changed. */
async function fuzz(c: FuzzCase): Promise<Outcome> {
  const { entry, input } = applyCase(await getCorpus(), c);
  const o = await run(c.reader, input, entry);
  const unchanged = typeof input === 'string' ? input === entry.data : sameBits(input, entry.data as Uint8Array);
  if (unchanged && !(o.kind === 'ok' && o.same)) return { kind: 'bad', message: `the unchanged fixture ${entry.name} gave ${JSON.stringify(o)}` };
  return o;
}

/** A sweep (see `sweepInputs`): every input a typed error or a usable model, and what `sweepInputs` says it must be. */
async function sweep(reader: FuzzReader, fixture: number, what: 'truncate' | 'count'): Promise<SweepResult> {
  const entries = (await getCorpus())[reader];
  const entry = entries[fixture % entries.length]!;
  const failures: string[] = [];
  let cases = 0;
  for (const [label, input, expect] of sweepInputs(reader, entry.data, what)) {
    cases++;
    const o = await run(reader, input, entry);
    const bad =
      o.kind === 'bad' ? o.message
      : expect === 'error' && o.kind !== 'error' ? 'loaded, but must fail'
      : expect === 'same' && !(o.kind === 'ok' && o.same) ? `must be the unmutated model, got ${JSON.stringify(o)}`
      : undefined;
    if (bad !== undefined && failures.length < 5) failures.push(`${entry.name} ${label}: ${bad}`);
  }
  return { cases, failures };
}

parentPort!.on('message', async (req: Request) => {
  let reply: Outcome | SweepResult;
  if (req.type === 'fuzz') reply = await fuzz(req.case);
  else if (req.type === 'sweep') reply = await sweep(req.reader, req.fixture, req.what);
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
    reply = await run(c.reader, input);
  }
  parentPort!.postMessage({ id: req.id, reply });
});
parentPort!.postMessage({ ready: true });
