/**
 * The prediction Edge Function's handler in your own code, run locally against the embedded PGlite default: a store
 * is created and migrated, BTC/ETH/SOL 15m candles are simulated and written, a tiny BTC 15m model is trained and
 * activated, then the handler that `supabase/functions/predict-btc-15m/index.ts` serves with `Deno.serve` is called
 * with `Request`s, as the platform would call it: authorized, malformed, unauthorized.
 *
 * Run: npx tsx examples/edge-function/local.ts (after `npm run build`: like a deployed function, the handler imports
 * the package by name, `@alpha-v4/core/*`, which resolves to dist/).
 *
 * In a deployed function the store is not passed: the handler opens PostgreSQL on DATABASE_URL, else SUPABASE_DB_URL,
 * once per isolate, and reads the credentials and the budget from the environment (ALPHA_V4_JWT_SECRET,
 * ALPHA_V4_FUNCTION_SECRET, ALPHA_V4_BUDGET_MS); here they are given as `env`.
 */
import { simulateMarket } from '@alpha-v4/core/core';
import { createPgliteStore } from '@alpha-v4/core/node';
import { trainMarketModel } from '@alpha-v4/core/pipeline';
import { predictionHandler } from '../../supabase/functions/_shared/handler.ts';

const SECRET = 'example-function-secret-0123';
const candles = 700;
const end = Date.UTC(2025, 2, 1, 10); // the latest candle closes at 10:00
const now = end + 7 * 60_000; // 10:07: the 10:00-10:15 candle is still open

const store = await createPgliteStore();
await store.migrate();
const market = simulateMarket({ candles, timeframe: '15m', start: end - candles * 900_000, seed: 7 });
for (const symbol of market.symbols) await store.writeCandles({ symbol, timeframe: '15m', candles: market.candles[symbol]!, target: 'live' });

const model = trainMarketModel({
  candles: market.candles.BTC!,
  symbol: 'BTC',
  features: ['rsi_14', 'ema_21_ratio', 'natr_14', 'log_return_1', 'bbands_percent_b_20'],
  horizons: [1, 4],
  ensemble: { members: [{ name: 'trees', kind: 'gbdt-depthwise', params: { nEstimators: 8, maxDepth: 3 } }], calibration: 'platt', seed: 1 },
});
const { version } = await store.saveModelVersion({ symbol: 'BTC', timeframe: '15m', ...model, activate: true });
console.log(`BTC 15m model v${version} active (${model.featureNames.length} features, horizons 1 and 4)`);

const handler = predictionHandler({ markets: [{ symbol: 'BTC', timeframe: '15m' }], store, env: { ALPHA_V4_FUNCTION_SECRET: SECRET } });
const call = async (body: string, authorization?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const response = await handler(new Request('http://localhost/functions/v1/predict-btc-15m', { method: 'POST', headers, body }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const ok = await call(JSON.stringify({ now: new Date(now).toISOString() }), `Bearer ${SECRET}`);
const first = (ok.body.predictions as { ts: string; horizon: number; pUp: number; direction: number; size: number }[]) ?? [];
console.log(`POST {now}          -> ${ok.status}, ${first.length} predictions written (${JSON.stringify(ok.body.written)}) in ${ok.body.elapsedMs} ms`);
for (const p of first) console.log(`  ${p.ts} h${p.horizon}: pUp ${p.pUp.toFixed(4)}, direction ${p.direction}, size ${p.size.toFixed(4)}`);
// => 200, 2 predictions: the candle of 09:45 (the latest closed at 10:07), horizons 1 and 4

const retry = await call(JSON.stringify({ now }), `Bearer ${SECRET}`);
console.log(`POST again          -> ${retry.status}, written ${JSON.stringify(retry.body.written)}`); // => 200, { rows: 0, unchanged: 2 }

const malformed = await call(JSON.stringify({ write: 'yes' }), `Bearer ${SECRET}`);
console.log(`POST {write:'yes'}  -> ${malformed.status} ${JSON.stringify(malformed.body)}`); // => 400 invalid_request, zod's message

const anonymous = await call('{}');
console.log(`POST without a key  -> ${anonymous.status} ${JSON.stringify(anonymous.body)}`); // => 401 unauthorized

await store.close();
