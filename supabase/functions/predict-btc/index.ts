// predict-btc: BTC 15m and 1h predictions in one invocation, written in one transaction (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'BTC', timeframe: '15m' }, { symbol: 'BTC', timeframe: '1h' }] }));
