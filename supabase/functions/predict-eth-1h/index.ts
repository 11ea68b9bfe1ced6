// predict-eth-1h: ETH 1h predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'ETH', timeframe: '1h' }] }));
