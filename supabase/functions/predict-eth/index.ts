// predict-eth: ETH 15m and 1h predictions in one invocation, written in one transaction (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'ETH', timeframe: '15m' }, { symbol: 'ETH', timeframe: '1h' }] }));
