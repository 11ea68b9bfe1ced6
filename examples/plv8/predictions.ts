/**
 * Every prediction of a batch inserted in ONE statement through plv8: the columns checked and laid out by the
 * store's `predictionColumns`, then one `INSERT ... SELECT * FROM unnest(...)` of text-array parameters (the
 * statement `writePredictionColumns` sends, with every array cast from text for plv8), idempotent: a prediction
 * already stored (same symbol, timeframe, ts, horizon and model version) is kept.
 *
 * @module
 */
import { toPredictionInput } from '../../src/pipeline/predict.js';
import type { Prediction } from '../../src/pipeline/types.js';
import { predictionColumns } from '../../src/store/ops/prediction-columns.js';
import { float8Array, intArray, textArray, timestampArray } from '../../src/store/literals.js';
import { executeSql, type Plv8 } from './plv8.js';

/** The one statement: eleven text parameters, each an array literal cast to its column's array type. */
const INSERT = `INSERT INTO alpha_v4.predictions AS p (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size, model_version, members)
  SELECT * FROM unnest($1::text::text[], $2::text::text[], $3::text::timestamptz[], $4::text::timestamptz[], $5::text::int4[], $6::text::float8[],
                       $7::text::int2[], $8::text::float8[], $9::text::float8[], $10::text::int4[], $11::text::jsonb[])
  ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO NOTHING`;

/**
 * Inserts the predictions in one statement (checked first by `predictionColumns`: `InvalidParameterError` naming the
 * row at fault, nothing sent); returns the rows inserted (0 for a retry of the same batch).
 *
 * @example
 * ```ts
 * insertPredictions(plv8, predictions) // => predictions.length, then 0 on a retry
 * ```
 */
export function insertPredictions(plv8: Plv8, predictions: readonly Prediction[]): number {
  const p = predictionColumns(predictions.map(toPredictionInput));
  if (p.n === 0) return 0;
  return executeSql(plv8, INSERT, [
    textArray(p.symbol),
    textArray(p.timeframe),
    timestampArray(p.ts),
    timestampArray(p.targetTs),
    intArray(p.horizon),
    float8Array(p.pUp),
    intArray(p.direction),
    float8Array(p.confidence),
    float8Array(p.size),
    intArray(p.modelVersion),
    textArray(p.members),
  ]);
}
