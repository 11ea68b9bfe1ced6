// predict-btc-1h: BTC 1h predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'BTC', timeframe: '1h' }] }));
