// predict-sol-1h: SOL 1h predictions of every horizon (see ../_shared/handler.ts).
import { predictionHandler } from '../_shared/handler.ts';

Deno.serve(predictionHandler({ markets: [{ symbol: 'SOL', timeframe: '1h' }] }));
