import { getIndicator } from '../../indicators/registry.js';
import { talibFeature } from '../build.js';
import type { FeatureDef } from '../types.js';

/**
 * TA-Lib's 61 candlestick patterns as features (group `pattern`): each is exactly its TA-Lib function with the
 * default candle settings and, for the seven that take one, the default penetration, so the catalogue's TA-Lib parity
 * test covers them. Values are TA-Lib's integers: 100 bullish, −100 bearish, 0 none (±80 for the weaker engulfing and
 * harami variants, ±200 for a confirmed hikkake), NaN during the pattern's lookback. Names are `cdl_` and the
 * pattern's name in snake_case words, digits spelled out (`CDL3BLACKCROWS` → `cdl_three_black_crows`).
 */
const PATTERNS: readonly (readonly [fn: string, words: string])[] = [
  ['CDL2CROWS', 'two_crows'],
  ['CDL3BLACKCROWS', 'three_black_crows'],
  ['CDL3INSIDE', 'three_inside'],
  ['CDL3LINESTRIKE', 'three_line_strike'],
  ['CDL3OUTSIDE', 'three_outside'],
  ['CDL3STARSINSOUTH', 'three_stars_in_south'],
  ['CDL3WHITESOLDIERS', 'three_white_soldiers'],
  ['CDLABANDONEDBABY', 'abandoned_baby'],
  ['CDLADVANCEBLOCK', 'advance_block'],
  ['CDLBELTHOLD', 'belt_hold'],
  ['CDLBREAKAWAY', 'breakaway'],
  ['CDLCLOSINGMARUBOZU', 'closing_marubozu'],
  ['CDLCONCEALBABYSWALL', 'concealing_baby_swallow'],
  ['CDLCOUNTERATTACK', 'counterattack'],
  ['CDLDARKCLOUDCOVER', 'dark_cloud_cover'],
  ['CDLDOJI', 'doji'],
  ['CDLDOJISTAR', 'doji_star'],
  ['CDLDRAGONFLYDOJI', 'dragonfly_doji'],
  ['CDLENGULFING', 'engulfing'],
  ['CDLEVENINGDOJISTAR', 'evening_doji_star'],
  ['CDLEVENINGSTAR', 'evening_star'],
  ['CDLGAPSIDESIDEWHITE', 'gap_side_side_white'],
  ['CDLGRAVESTONEDOJI', 'gravestone_doji'],
  ['CDLHAMMER', 'hammer'],
  ['CDLHANGINGMAN', 'hanging_man'],
  ['CDLHARAMI', 'harami'],
  ['CDLHARAMICROSS', 'harami_cross'],
  ['CDLHIGHWAVE', 'high_wave'],
  ['CDLHIKKAKE', 'hikkake'],
  ['CDLHIKKAKEMOD', 'hikkake_modified'],
  ['CDLHOMINGPIGEON', 'homing_pigeon'],
  ['CDLIDENTICAL3CROWS', 'identical_three_crows'],
  ['CDLINNECK', 'in_neck'],
  ['CDLINVERTEDHAMMER', 'inverted_hammer'],
  ['CDLKICKING', 'kicking'],
  ['CDLKICKINGBYLENGTH', 'kicking_by_length'],
  ['CDLLADDERBOTTOM', 'ladder_bottom'],
  ['CDLLONGLEGGEDDOJI', 'long_legged_doji'],
  ['CDLLONGLINE', 'long_line'],
  ['CDLMARUBOZU', 'marubozu'],
  ['CDLMATCHINGLOW', 'matching_low'],
  ['CDLMATHOLD', 'mat_hold'],
  ['CDLMORNINGDOJISTAR', 'morning_doji_star'],
  ['CDLMORNINGSTAR', 'morning_star'],
  ['CDLONNECK', 'on_neck'],
  ['CDLPIERCING', 'piercing'],
  ['CDLRICKSHAWMAN', 'rickshaw_man'],
  ['CDLRISEFALL3METHODS', 'rise_fall_three_methods'],
  ['CDLSEPARATINGLINES', 'separating_lines'],
  ['CDLSHOOTINGSTAR', 'shooting_star'],
  ['CDLSHORTLINE', 'short_line'],
  ['CDLSPINNINGTOP', 'spinning_top'],
  ['CDLSTALLEDPATTERN', 'stalled_pattern'],
  ['CDLSTICKSANDWICH', 'stick_sandwich'],
  ['CDLTAKURI', 'takuri'],
  ['CDLTASUKIGAP', 'tasuki_gap'],
  ['CDLTHRUSTING', 'thrusting'],
  ['CDLTRISTAR', 'tristar'],
  ['CDLUNIQUE3RIVER', 'unique_three_river'],
  ['CDLUPSIDEGAP2CROWS', 'upside_gap_two_crows'],
  ['CDLXSIDEGAP3METHODS', 'xside_gap_three_methods'],
];

/** The entry of one pattern: its TA-Lib function with default parameters, described from the indicator's metadata. */
function patternFeature(fn: string, words: string): FeatureDef {
  const { meta } = getIndicator(fn);
  const params = meta.params.map((p) => `${p.name} ${p.default}`).join(', ');
  const description = `${meta.description}; TA-Lib ${fn}${params ? ` (${params})` : ''}: > 0 bullish, < 0 bearish, 0 none`;
  return talibFeature({ name: `cdl_${words}`, group: 'pattern', scale: 'oscillator', description }, fn);
}

/** The candlestick-pattern features, in TA-Lib's alphabetical order. */
export const PATTERN_FEATURES: readonly FeatureDef[] = PATTERNS.map(([fn, words]) => patternFeature(fn, words));
