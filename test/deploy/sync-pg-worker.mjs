/**
 * The worker of test/deploy/sync-pg.ts: one node-postgres client on the test database, answering one statement at
 * a time. Each request { sql, params } (JSON text) is run; the reply (JSON text: the column names, the rows with
 * values tagged so that the caller can rebuild them, or the error) is posted on the reply port, then the shared flag
 * is set and notified, which wakes the caller blocked in Atomics.wait.
 *
 * Values (the conversions plv8 documents: float8/int/numeric to numbers, bool, timestamptz to Date, bytea to bytes,
 * json/jsonb parsed, arrays element by element, anything else as its text):
 * { $date: epoch ms }, { $bytea: hex }, { $num: 'NaN' | 'Infinity' | '-Infinity' }, { $json: value }.
 */
import { workerData, parentPort } from 'node:worker_threads';
import pg from 'pg';

const { url, port, flag } = workerData;
const signal = new Int32Array(flag);

/** int8 and numeric as numbers (plv8 maps INT8 and NUMERIC to Number); everything else as node-postgres parses it. */
const toNumber = (text) => Number(text);
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 || oid === 1700) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
};

const client = new pg.Client({ connectionString: url, types });
client.on('error', () => {});
const ready = client.connect();

/** A value of a result row, tagged for JSON. */
function encode(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return { $date: v.getTime() };
  if (Buffer.isBuffer(v)) return { $bytea: v.toString('hex') };
  if (Array.isArray(v)) return v.map(encode);
  return { $json: v };
}

/** A parameter from its tagged JSON form. */
function decode(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  if ('$date' in v) return new Date(v.$date);
  if ('$bytea' in v) return Buffer.from(v.$bytea, 'hex');
  if ('$num' in v) return v.$num;
  if ('$json' in v) return JSON.stringify(v.$json);
  return JSON.stringify(v);
}

function reply(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort.on('message', async (request) => {
  if (request === 'close') {
    await client.end().catch(() => {});
    port.close();
    parentPort.close();
    return;
  }
  let message;
  try {
    await ready;
    const { sql, params } = JSON.parse(request);
    const r = await client.query({ text: sql, values: params.map(decode), rowMode: 'array' });
    const fields = (r.fields ?? []).map((f) => f.name);
    message = JSON.stringify({ fields, rows: (r.rows ?? []).map((row) => row.map(encode)), rowCount: r.rowCount ?? 0, hasRows: fields.length > 0 });
  } catch (e) {
    message = JSON.stringify({ error: { message: String(e?.message ?? e), code: e?.code ?? null, detail: e?.detail ?? null, hint: e?.hint ?? null } });
  }
  reply(message);
});
