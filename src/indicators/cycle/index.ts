import type { IndicatorDefinition } from '../types.js';
import { HT_DCPERIOD } from './ht-dcperiod.js';
import { HT_DCPHASE } from './ht-dcphase.js';
import { HT_PHASOR } from './ht-phasor.js';
import { HT_SINE } from './ht-sine.js';
import { HT_TRENDMODE } from './ht-trendmode.js';
import { MAMA } from '../overlap/mama.js';
import { HT_TRENDLINE } from '../overlap/ht-trendline.js';

/**
 * Ehlers' Hilbert-transform family, which shares the kernel in ../kernels/hilbert.ts: the cycle indicators plus the two
 * overlap studies built on it (MAMA, HT_TRENDLINE, registered here rather than in the overlap list).
 */
export const CYCLE_INDICATORS: readonly IndicatorDefinition[] = [HT_DCPERIOD, HT_DCPHASE, HT_PHASOR, HT_SINE, HT_TRENDMODE, MAMA, HT_TRENDLINE];
