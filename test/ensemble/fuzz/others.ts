/**
 * The fuzz corpus and checks of the readers of our other formats: the MLP's JSON and binary, the ensemble artifact
 * and ONNX (`readONNXModel`). The corpus is made by our own writers: a small `trainMLP`, a small ensemble trained
 * through `trainEnsemble`, and `toONNX` of an MLP and of a tree model. Used inside the fuzz worker.
 */
import type { Matrix } from '../../../src/core/types.js';
import { ensembleFromBinary } from '../../../src/ensemble/artifact/read.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { loadXGBoostModel } from '../../../src/ensemble/gbdt/io/xgboost.js';
import { mlpFromBinary, mlpToBinary } from '../../../src/ensemble/mlp/binary.js';
import { mlpFromJSON, mlpToJSON } from '../../../src/ensemble/mlp/json.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { readONNXModel } from '../../../src/ensemble/onnx/onnx-read.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { trainEnsemble } from '../../../src/ensemble/training/train.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plantedRule } from '../mlp/data.js';
import { XGB_FIXTURES } from '../xgboost-fixtures.js';

/** The readers of this module. */
export const OTHER_READERS = ['mlp-json', 'mlp-binary', 'ensemble-binary', 'onnx'] as const;
export type OtherReader = (typeof OTHER_READERS)[number];

/** The feature names of the corpus ensemble: what `ensembleFromBinary` is given. */
export const ENSEMBLE_FEATURES = ['f0', 'f1', 'f2'] as const;

/** Calls the reader `name` on `input` (the ensemble reader with the corpus ensemble's feature names). */
export function readOther(name: OtherReader, input: unknown): unknown {
  switch (name) {
    case 'mlp-json': return mlpFromJSON(input as string);
    case 'mlp-binary': return mlpFromBinary(input as Uint8Array);
    case 'ensemble-binary': return ensembleFromBinary(input as Uint8Array, { featureNames: ENSEMBLE_FEATURES });
    case 'onnx': return readONNXModel(input as Uint8Array);
  }
}

/** Four rows of `cols` features with NaN, 0, +-1e30 and ordinary values. */
function probe(cols: number): Matrix {
  const data = new Float64Array(4 * cols);
  for (let i = 0; i < data.length; i++) data[i] = [NaN, 0, 1e30, -1e30, 0.5, -0.25, 3, 1e-40][(i * 7 + (i >> 3)) % 8]!;
  return { rows: 4, cols, data };
}

/** Typed arrays as the hex of their bytes (bit for bit), everything else as JSON. */
function fingerprint(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v));
}

/**
 * Uses what a reader returned as a caller would (predictions on rows with NaN and extreme values; ONNX: the
 * interface read) and returns its fingerprint; throws if it is not the right kind of value or does not work.
 */
export async function useOther(name: OtherReader, value: unknown): Promise<string> {
  if (name === 'onnx') {
    const info = value as ReturnType<typeof readONNXModel>;
    if (!(info.irVersion > 0) || info.outputs.length === 0 || !Array.isArray(info.inputs)) throw new Error('readONNXModel returned an incomplete model');
    return fingerprint(info);
  }
  if (name === 'ensemble-binary') {
    if (!(value instanceof Ensemble)) throw new Error(`the reader returned ${String(value)}, not an Ensemble`);
    return fingerprint(await value.predict(probe(value.featureNames.length)));
  }
  if (!(value instanceof MLPModel)) throw new Error(`the reader returned ${String(value)}, not an MLPModel`);
  const X = probe(value.nFeatures);
  const p = value.predictProba(X);
  if (!mlpFromBinary(mlpToBinary(value)).predictProba(X).every((v, i) => Object.is(v, p[i]))) throw new Error('the binary round trip changed the predictions');
  return fingerprint(p);
}

/** A corpus entry of these readers: the file and the fingerprint of what it holds. */
export interface OtherEntry {
  name: string;
  data: string | Uint8Array;
  fingerprint: string;
}

/** The corpus of these readers (entry 0 of each is swept exhaustively). About a second to build. */
export async function buildOtherCorpus(): Promise<Record<OtherReader, OtherEntry[]>> {
  const { X, y } = plantedRule(400, 3, 7);
  const small = trainMLP(X, y, { hiddenLayers: [3], epochs: 2, batchSize: 64, seed: 1 });
  const wider = trainMLP(X, y, { hiddenLayers: [8, 4], epochs: 2, batchSize: 64, seed: 2 });
  // entry 0, swept: the wider network with feature names (every kind of count site, enough of them)
  const mlps = [new MLPModel({ ...wider.toData(), featureNames: [...ENSEMBLE_FEATURES] }), small, wider];
  const time = Float64Array.from({ length: X.rows }, (_, i) => i * 900_000);
  const t1 = Float64Array.from(time, (_, i) => i + 1); // each label ends at the next row
  const members = [
    { name: 'trees', kind: 'gbdt-depthwise', params: { maxDepth: 2, nEstimators: 3 } },
    { name: 'mlp', kind: 'mlp', params: { hiddenLayers: [3], epochs: 1, batchSize: 64 } },
  ] as const;
  const ensemble = trainEnsemble({ X, y, t1, featureNames: [...ENSEMBLE_FEATURES], time }, { members, seed: 3 }).ensemble;
  const treesOnly = trainEnsemble({ X, y, t1, featureNames: [...ENSEMBLE_FEATURES], time }, { members: [members[0]], calibration: 'none', seed: 4 }).ensemble;
  const xgb = loadXGBoostModel(readFileSync(join(XGB_FIXTURES, 'binary_d2.model.json'), 'utf8'));
  const make = async (name: OtherReader, entries: [string, string | Uint8Array][]): Promise<OtherEntry[]> =>
    Promise.all(entries.map(async ([n, data]) => ({ name: `${n} (${name})`, data, fingerprint: await useOther(name, await readOther(name, data)) })));
  return {
    'mlp-json': await make('mlp-json', mlps.map((m, i) => [`mlp ${i}`, mlpToJSON(m)])),
    'mlp-binary': await make('mlp-binary', mlps.map((m, i) => [`mlp ${i}`, mlpToBinary(m)])),
    'ensemble-binary': await make('ensemble-binary', [['trees + mlp, calibrated', ensembleToBinary(ensemble)], ['trees only', ensembleToBinary(treesOnly)]]),
    onnx: await make('onnx', [['mlp', toONNX(small.toData())], ['binary_d2 trees', toONNX(xgb.toData())], ['wider mlp', toONNX(wider.toData())]]),
  };
}
