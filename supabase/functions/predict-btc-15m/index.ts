// predict-btc-15m: BTC 15m predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'BTC', timeframe: '15m' }] }));
