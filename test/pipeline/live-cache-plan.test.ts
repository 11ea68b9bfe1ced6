/**
 * planFeatures' memo: the same request gives the same frozen plan, equal to one computed independently (the key a
 * SHA-256 by node:crypto, the lookback the largest of the catalogue's lookbacks); the markets are part of the
 * request; refusals are never memoised; the memo is bounded (the oldest plan is computed again, equal).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { featureLookback } from '../../src/features/lookback.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { PLAN_MEMO_SIZE, planFeatures } from '../../src/pipeline/feature-plan.js';
import { DEFAULT_MARKETS, type Market } from '../../src/pipeline/types.js';
import { FEATURE_COLUMNS } from '../../src/store/feature-columns.js';

const ETH15: Market = { symbol: 'ETH', timeframe: '15m' };
const NAMES = ['rsi_14', 'syn_eth_btc_correlation_20', 'atr_14', 'syn_dispersion_btc_eth_sol'];

function rejection(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.unreachable('expected a throw');
}

describe('planFeatures memo', () => {
  it('the same request gives the same frozen plan, equal to an independent computation', () => {
    const a = planFeatures(ETH15, NAMES, DEFAULT_MARKETS);
    const b = planFeatures({ ...ETH15 }, [...NAMES], [...DEFAULT_MARKETS]);
    expect(b).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.names) && Object.isFrozen(a.peers) && Object.isFrozen(a.market)).toBe(true);
    const hash = createHash('sha256').update(`${NAMES.join(',')}|BTC,SOL`).digest('hex');
    expect(a).toEqual({ market: ETH15, names: NAMES, peers: ['BTC', 'SOL'], lookback: Math.max(...NAMES.map((n) => featureLookback(n, '15m'))), key: `f4-${hash}` });
  });

  it('the markets are part of the request: without BTC 15m, the same names are refused', () => {
    expect(planFeatures(ETH15, NAMES, DEFAULT_MARKETS).peers).toEqual(['BTC', 'SOL']);
    const e = rejection(() => planFeatures(ETH15, NAMES, DEFAULT_MARKETS.filter((m) => m.symbol !== 'BTC')));
    expect(e).toBeInstanceOf(PipelineError);
    expect((e as PipelineError).code).toBe('FEATURE_MISMATCH');
    expect((e as Error).message).toContain('BTC 15m is not a market of the pipeline');
  });

  it('a refusal is not memoised: the same bad request is refused every time', () => {
    for (let k = 0; k < 2; k++) {
      const e = rejection(() => planFeatures(ETH15, ['rsi_14', 'not_a_feature'], DEFAULT_MARKETS));
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('FEATURE_MISMATCH');
      expect((e as Error).message).toContain('"not_a_feature"');
    }
  });

  it('the memo holds PLAN_MEMO_SIZE plans: past that the oldest is computed again, equal', () => {
    const first = planFeatures(ETH15, ['rsi_14', 'atr_14'], DEFAULT_MARKETS);
    const single = FEATURE_COLUMNS.filter((n) => !n.startsWith('syn_'));
    for (let k = 0; k < PLAN_MEMO_SIZE; k++) planFeatures(ETH15, [single[k]!], DEFAULT_MARKETS);
    const again = planFeatures(ETH15, ['rsi_14', 'atr_14'], DEFAULT_MARKETS);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
