import tulind from 'tulind';
import type { BenchInputs, Impl, Library, Series } from './specs.js';

/**
 * tulind (Tulip Indicators, C, through its Node binding built from source): `indicators.<fn>.indicator(inputs,
 * options, callback)`, synchronous with a callback; `number[]` inputs (it refuses typed arrays), outputs that drop
 * the warm-up (so they end at the last candle, as the spot check expects). No candlestick patterns.
 */
export function tulindLibrary(inp: BenchInputs): Library {
  const { high: h, low: l, close: c, volume: v } = inp.arrays;
  const call = (name: string, inputs: number[][], options: number[], outputs: readonly string[]): Impl => ({
    run() {
      let out: number[][] = [];
      tulind.indicators[name]!.indicator(inputs, options, (err, r) => {
        if (err) throw err;
        out = r;
      });
      return out;
    },
    series(r) {
      const s: Series = {};
      outputs.forEach((o, i) => (s[o] = (r as number[][])[i]!));
      return s;
    },
  });
  return {
    id: 'tulind',
    api: `tulind ${tulind.version}: indicators.<fn>.indicator(number[][] inputs, options, callback), synchronous; its adx, stoch (with %K slowing) and bbands take TA-Lib's parameters`,
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return call('sma', [c], [20], ['value']);
        case 'EMA': return call('ema', [c], [20], ['value']);
        case 'RSI': return call('rsi', [c], [14], ['value']);
        case 'MACD': return call('macd', [c], [12, 26, 9], ['macd', 'signal', 'hist']);
        case 'BBANDS': return call('bbands', [c], [20, 2], ['lower', 'middle', 'upper']);
        case 'ATR': return call('atr', [h, l, c], [14], ['value']);
        case 'STOCH': return call('stoch', [h, l, c], [14, 3, 3], ['k', 'd']);
        case 'ADX': return call('adx', [h, l, c], [14], ['value']);
        case 'OBV': return call('obv', [c, v], [], ['value']);
        case 'MFI': return call('mfi', [h, l, c, v], [14], ['value']);
        default: return undefined;
      }
    },
  };
}
