// predict-eth-15m: ETH 15m predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'ETH', timeframe: '15m' }] }));
