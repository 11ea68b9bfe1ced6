// predict-sol: SOL 15m and 1h predictions in one invocation, written in one transaction (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'SOL', timeframe: '15m' }, { symbol: 'SOL', timeframe: '1h' }] }));
