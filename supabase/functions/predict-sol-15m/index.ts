// predict-sol-15m: SOL 15m predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'SOL', timeframe: '15m' }] }));
