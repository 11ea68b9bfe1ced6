/**
 * `@alpha-v4/core/indicators`: the TA-Lib-exact indicator engine. One TA-Lib function per file under
 * `<group>/` (batch function, stream class, metadata and uniform definition), the registry of all of them, and the
 * types for generic code. Kernels shared by several functions live in `kernels/` (as TA-Lib keeps `ta_common/`
 * apart from `ta_func/`) and stay internal.
 */
export type {
  IndicatorDefinition,
  IndicatorGroup,
  IndicatorInputs,
  IndicatorMeta,
  IndicatorMetaSpec,
  IndicatorParams,
  IndicatorStream,
  InputName,
  OutputSpec,
  ParamSpec,
  UpdatableStream,
} from './types.js';
export { resolveParams } from './params.js';
export { defineIndicator, defineMeta } from './define.js';
export { INDICATORS, getIndicator } from './registry.js';
// BaseStream moved to core (the base of feature kernels and cross-asset streams too); kept here for compatibility.
export { BaseStream, restoreStreamState, type SerializedStream } from '../core/stream.js';

// overlap
export { OVERLAP_INDICATORS } from './overlap/index.js';
export { accbands, accbandsMeta, AccbandsStream, ACCBANDS } from './overlap/accbands.js';
export { bbands, bbandsInto, bbandsMeta, BbandsStream, BBANDS, type BbandsSeries } from './overlap/bbands.js';
export { dema, demaMeta, DemaStream, DEMA } from './overlap/dema.js';
export { ema, emaInto, emaMeta, EmaStream, EMA } from './overlap/ema.js';
export { htTrendline, htTrendlineMeta, HtTrendlineStream, HT_TRENDLINE } from './overlap/ht-trendline.js';
export { kama, kamaMeta, KamaStream, KAMA } from './overlap/kama.js';
export { movingAverage, MAType, maMeta, MovingAverageStream, MA, type MATypeValue } from './overlap/ma.js';
export { mama, mamaMeta, MamaStream, MAMA } from './overlap/mama.js';
export { mavp, mavpMeta, MavpStream, MAVP } from './overlap/mavp.js';
export { midpoint, midpointMeta, MidpointStream, MIDPOINT } from './overlap/midpoint.js';
export { midprice, midpriceMeta, MidpriceStream, MIDPRICE } from './overlap/midprice.js';
export { sar, sarMeta, SarStream, SAR } from './overlap/sar.js';
export { sarext, sarextMeta, SarextStream, SAREXT } from './overlap/sarext.js';
export { sma, smaInto, smaMeta, SmaStream, SMA } from './overlap/sma.js';
export { t3, t3Meta, T3Stream, T3 } from './overlap/t3.js';
export { tema, temaMeta, TemaStream, TEMA } from './overlap/tema.js';
export { trima, trimaMeta, TrimaStream, TRIMA } from './overlap/trima.js';
export { wma, wmaMeta, WmaStream, WMA } from './overlap/wma.js';

// momentum
export { MA_MOMENTUM_INDICATORS, MOMENTUM_INDICATORS } from './momentum/index.js';
export { adx, adxInto, adxMeta, AdxStream, ADX } from './momentum/adx.js';
export { adxr, adxrMeta, AdxrStream, ADXR } from './momentum/adxr.js';
export { apo, apoMeta, ApoStream, APO } from './momentum/apo.js';
export { aroonOsc, aroonOscMeta, AroonOscStream, AROONOSC } from './momentum/aroon-osc.js';
export { aroon, aroonMeta, AroonStream, AROON, type AroonResult } from './momentum/aroon.js';
export { bop, bopMeta, BopStream, BOP } from './momentum/bop.js';
export { cci, cciMeta, CciStream, CCI } from './momentum/cci.js';
export { cmo, cmoMeta, CmoStream, CMO } from './momentum/cmo.js';
export { dx, dxMeta, DxStream, DX } from './momentum/dx.js';
export { imi, imiMeta, ImiStream, IMI } from './momentum/imi.js';
export { macd, macdInto, macdMeta, MacdStream, MACD, type MacdResult, type MacdSeries } from './momentum/macd.js';
export { macdext, macdextMeta, MacdextStream, MACDEXT } from './momentum/macdext.js';
export { macdfix, macdfixMeta, MacdfixStream, MACDFIX } from './momentum/macdfix.js';
export { mfi, mfiInto, mfiMeta, MfiStream, MFI } from './momentum/mfi.js';
export { minusDI, minusDIMeta, MinusDIStream, MINUS_DI } from './momentum/minus-di.js';
export { minusDM, minusDMMeta, MinusDMStream, MINUS_DM } from './momentum/minus-dm.js';
export { mom, momMeta, MomStream, MOM } from './momentum/mom.js';
export { plusDI, plusDIMeta, PlusDIStream, PLUS_DI } from './momentum/plus-di.js';
export { plusDM, plusDMMeta, PlusDMStream, PLUS_DM } from './momentum/plus-dm.js';
export { ppo, ppoMeta, PpoStream, PPO } from './momentum/ppo.js';
export { roc, rocMeta, RocStream, ROC } from './momentum/roc.js';
export { rocp, rocpMeta, RocpStream, ROCP } from './momentum/rocp.js';
export { rocr, rocrMeta, RocrStream, ROCR } from './momentum/rocr.js';
export { rocr100, rocr100Meta, Rocr100Stream, ROCR100 } from './momentum/rocr100.js';
export { rsi, rsiInto, rsiMeta, RsiStream, RSI } from './momentum/rsi.js';
export { stoch, stochInto, stochMeta, StochStream, STOCH, type StochSeries } from './momentum/stoch.js';
export { stochf, stochfMeta, StochfStream, STOCHF, type StochFastSeries, type StochFastResult } from './momentum/stochf.js';
export { stochrsi, stochrsiMeta, StochrsiStream, STOCHRSI } from './momentum/stochrsi.js';
export { trix, trixMeta, TrixStream, TRIX } from './momentum/trix.js';
export { ultOsc, ultOscMeta, UltOscStream, ULTOSC } from './momentum/ult-osc.js';
export { willR, willRMeta, WillRStream, WILLR } from './momentum/willr.js';

// volatility
export { VOLATILITY_INDICATORS } from './volatility/index.js';
export { atr, atrInto, atrMeta, AtrStream, ATR } from './volatility/atr.js';
export { natr, natrMeta, NatrStream, NATR } from './volatility/natr.js';
export { trange, trangeMeta, TrangeStream, TRANGE } from './volatility/trange.js';

// volume
export { VOLUME_INDICATORS } from './volume/index.js';
export { ad, adMeta, AdStream, AD } from './volume/ad.js';
export { adosc, adoscMeta, AdoscStream, ADOSC } from './volume/adosc.js';
export { obv, obvInto, obvMeta, ObvStream, OBV } from './volume/obv.js';

// cycle
export { CYCLE_INDICATORS } from './cycle/index.js';
export { htDcPeriod, htDcPeriodMeta, HtDcPeriodStream, HT_DCPERIOD } from './cycle/ht-dcperiod.js';
export { htDcPhase, htDcPhaseMeta, HtDcPhaseStream, HT_DCPHASE } from './cycle/ht-dcphase.js';
export { htPhasor, htPhasorMeta, HtPhasorStream, HT_PHASOR } from './cycle/ht-phasor.js';
export { htSine, htSineMeta, HtSineStream, HT_SINE } from './cycle/ht-sine.js';
export { htTrendMode, htTrendModeMeta, HtTrendModeStream, HT_TRENDMODE } from './cycle/ht-trendmode.js';

// statistic
export { STATISTIC_INDICATORS } from './statistic/index.js';
export { beta, betaMeta, BetaStream, BETA } from './statistic/beta.js';
export { correl, correlMeta, CorrelStream, CORREL } from './statistic/correl.js';
export { linearRegAngle, linearRegAngleMeta, LinearRegAngleStream, LINEARREG_ANGLE } from './statistic/linearreg-angle.js';
export { linearRegIntercept, linearRegInterceptMeta, LinearRegInterceptStream, LINEARREG_INTERCEPT } from './statistic/linearreg-intercept.js';
export { linearRegSlope, linearRegSlopeMeta, LinearRegSlopeStream, LINEARREG_SLOPE } from './statistic/linearreg-slope.js';
export { linearReg, linearRegMeta, LinearRegStream, LINEARREG } from './statistic/linearreg.js';
export { stddev, stddevMeta, StddevStream, STDDEV } from './statistic/stddev.js';
export { tsf, tsfMeta, TsfStream, TSF } from './statistic/tsf.js';
export { variance, varMeta, VarStream, VAR } from './statistic/var.js';

// price
export { PRICE_INDICATORS } from './price/index.js';
export { avgDev, avgDevMeta, AvgDevStream, AVGDEV } from './price/avgdev.js';
export { avgPrice, avgPriceMeta, AvgPriceStream, AVGPRICE } from './price/avgprice.js';
export { medPrice, medPriceMeta, MedPriceStream, MEDPRICE } from './price/medprice.js';
export { typPrice, typPriceMeta, TypPriceStream, TYPPRICE } from './price/typprice.js';
export { wclPrice, wclPriceMeta, WclPriceStream, WCLPRICE } from './price/wclprice.js';

// pattern: candle settings (TA-Lib's TA_SetCandleSettings as a per-call option) and the candlestick patterns
export { PATTERN_INDICATORS } from './pattern/index.js';
export {
  CANDLE_SETTING_NAMES,
  DEFAULT_CANDLE_SETTINGS,
  type CandlePatternOptions,
  type CandleRangeType,
  type CandleSetting,
  type CandleSettingName,
  type CandleSettings,
  type CandleSettingsOverride,
} from './kernels/candle-settings.js';
export { CandlePatternStream } from './kernels/candle-pattern.js';
export { cdl2Crows, cdl2CrowsMeta, Cdl2CrowsStream, CDL2CROWS } from './pattern/cdl2crows.js';
export { cdl3BlackCrows, cdl3BlackCrowsMeta, Cdl3BlackCrowsStream, CDL3BLACKCROWS } from './pattern/cdl3blackcrows.js';
export { cdl3Inside, cdl3InsideMeta, Cdl3InsideStream, CDL3INSIDE } from './pattern/cdl3inside.js';
export { cdl3LineStrike, cdl3LineStrikeMeta, Cdl3LineStrikeStream, CDL3LINESTRIKE } from './pattern/cdl3linestrike.js';
export { cdl3Outside, cdl3OutsideMeta, Cdl3OutsideStream, CDL3OUTSIDE } from './pattern/cdl3outside.js';
export { cdl3StarsInSouth, cdl3StarsInSouthMeta, Cdl3StarsInSouthStream, CDL3STARSINSOUTH } from './pattern/cdl3starsinsouth.js';
export { cdl3WhiteSoldiers, cdl3WhiteSoldiersMeta, Cdl3WhiteSoldiersStream, CDL3WHITESOLDIERS } from './pattern/cdl3whitesoldiers.js';
export { cdlAbandonedBaby, cdlAbandonedBabyMeta, CdlAbandonedBabyStream, CDLABANDONEDBABY } from './pattern/cdlabandonedbaby.js';
export { cdlAdvanceBlock, cdlAdvanceBlockMeta, CdlAdvanceBlockStream, CDLADVANCEBLOCK } from './pattern/cdladvanceblock.js';
export { cdlBeltHold, cdlBeltHoldMeta, CdlBeltHoldStream, CDLBELTHOLD } from './pattern/cdlbelthold.js';
export { cdlBreakaway, cdlBreakawayMeta, CdlBreakawayStream, CDLBREAKAWAY } from './pattern/cdlbreakaway.js';
export { cdlClosingMarubozu, cdlClosingMarubozuMeta, CdlClosingMarubozuStream, CDLCLOSINGMARUBOZU } from './pattern/cdlclosingmarubozu.js';
export { cdlConcealBabysWall, cdlConcealBabysWallMeta, CdlConcealBabysWallStream, CDLCONCEALBABYSWALL } from './pattern/cdlconcealbabyswall.js';
export { cdlCounterAttack, cdlCounterAttackMeta, CdlCounterAttackStream, CDLCOUNTERATTACK } from './pattern/cdlcounterattack.js';
export { cdlDarkCloudCover, cdlDarkCloudCoverMeta, CdlDarkCloudCoverStream, CDLDARKCLOUDCOVER } from './pattern/cdldarkcloudcover.js';
export { cdlDoji, cdlDojiMeta, CdlDojiStream, CDLDOJI } from './pattern/cdldoji.js';
export { cdlDojiStar, cdlDojiStarMeta, CdlDojiStarStream, CDLDOJISTAR } from './pattern/cdldojistar.js';
export { cdlDragonflyDoji, cdlDragonflyDojiMeta, CdlDragonflyDojiStream, CDLDRAGONFLYDOJI } from './pattern/cdldragonflydoji.js';
export { cdlEngulfing, cdlEngulfingMeta, CdlEngulfingStream, CDLENGULFING } from './pattern/cdlengulfing.js';
export { cdlEveningDojiStar, cdlEveningDojiStarMeta, CdlEveningDojiStarStream, CDLEVENINGDOJISTAR } from './pattern/cdleveningdojistar.js';
export { cdlEveningStar, cdlEveningStarMeta, CdlEveningStarStream, CDLEVENINGSTAR } from './pattern/cdleveningstar.js';
export { cdlGapSideSideWhite, cdlGapSideSideWhiteMeta, CdlGapSideSideWhiteStream, CDLGAPSIDESIDEWHITE } from './pattern/cdlgapsidesidewhite.js';
export { cdlGravestoneDoji, cdlGravestoneDojiMeta, CdlGravestoneDojiStream, CDLGRAVESTONEDOJI } from './pattern/cdlgravestonedoji.js';
export { cdlHammer, cdlHammerMeta, CdlHammerStream, CDLHAMMER } from './pattern/cdlhammer.js';
export { cdlHangingMan, cdlHangingManMeta, CdlHangingManStream, CDLHANGINGMAN } from './pattern/cdlhangingman.js';
export { cdlHarami, cdlHaramiMeta, CdlHaramiStream, CDLHARAMI } from './pattern/cdlharami.js';
export { cdlHaramiCross, cdlHaramiCrossMeta, CdlHaramiCrossStream, CDLHARAMICROSS } from './pattern/cdlharamicross.js';
export { cdlHighWave, cdlHighWaveMeta, CdlHighWaveStream, CDLHIGHWAVE } from './pattern/cdlhighwave.js';
export { cdlHikkake, cdlHikkakeMeta, CdlHikkakeStream, CDLHIKKAKE } from './pattern/cdlhikkake.js';
export { cdlHikkakeMod, cdlHikkakeModMeta, CdlHikkakeModStream, CDLHIKKAKEMOD } from './pattern/cdlhikkakemod.js';
export { cdlHomingPigeon, cdlHomingPigeonMeta, CdlHomingPigeonStream, CDLHOMINGPIGEON } from './pattern/cdlhomingpigeon.js';
export { cdlIdentical3Crows, cdlIdentical3CrowsMeta, CdlIdentical3CrowsStream, CDLIDENTICAL3CROWS } from './pattern/cdlidentical3crows.js';
export { cdlInNeck, cdlInNeckMeta, CdlInNeckStream, CDLINNECK } from './pattern/cdlinneck.js';
export { cdlInvertedHammer, cdlInvertedHammerMeta, CdlInvertedHammerStream, CDLINVERTEDHAMMER } from './pattern/cdlinvertedhammer.js';
export { cdlKicking, cdlKickingMeta, CdlKickingStream, CDLKICKING } from './pattern/cdlkicking.js';
export { cdlKickingByLength, cdlKickingByLengthMeta, CdlKickingByLengthStream, CDLKICKINGBYLENGTH } from './pattern/cdlkickingbylength.js';
export { cdlLadderBottom, cdlLadderBottomMeta, CdlLadderBottomStream, CDLLADDERBOTTOM } from './pattern/cdlladderbottom.js';
export { cdlLongLeggedDoji, cdlLongLeggedDojiMeta, CdlLongLeggedDojiStream, CDLLONGLEGGEDDOJI } from './pattern/cdllongleggeddoji.js';
export { cdlLongLine, cdlLongLineMeta, CdlLongLineStream, CDLLONGLINE } from './pattern/cdllongline.js';
export { cdlMarubozu, cdlMarubozuMeta, CdlMarubozuStream, CDLMARUBOZU } from './pattern/cdlmarubozu.js';
export { cdlMatchingLow, cdlMatchingLowMeta, CdlMatchingLowStream, CDLMATCHINGLOW } from './pattern/cdlmatchinglow.js';
export { cdlMatHold, cdlMatHoldMeta, CdlMatHoldStream, CDLMATHOLD } from './pattern/cdlmathold.js';
export { cdlMorningDojiStar, cdlMorningDojiStarMeta, CdlMorningDojiStarStream, CDLMORNINGDOJISTAR } from './pattern/cdlmorningdojistar.js';
export { cdlMorningStar, cdlMorningStarMeta, CdlMorningStarStream, CDLMORNINGSTAR } from './pattern/cdlmorningstar.js';
export { cdlOnNeck, cdlOnNeckMeta, CdlOnNeckStream, CDLONNECK } from './pattern/cdlonneck.js';
export { cdlPiercing, cdlPiercingMeta, CdlPiercingStream, CDLPIERCING } from './pattern/cdlpiercing.js';
export { cdlRickshawMan, cdlRickshawManMeta, CdlRickshawManStream, CDLRICKSHAWMAN } from './pattern/cdlrickshawman.js';
export { cdlRiseFall3Methods, cdlRiseFall3MethodsMeta, CdlRiseFall3MethodsStream, CDLRISEFALL3METHODS } from './pattern/cdlrisefall3methods.js';
export { cdlSeparatingLines, cdlSeparatingLinesMeta, CdlSeparatingLinesStream, CDLSEPARATINGLINES } from './pattern/cdlseparatinglines.js';
export { cdlShootingStar, cdlShootingStarMeta, CdlShootingStarStream, CDLSHOOTINGSTAR } from './pattern/cdlshootingstar.js';
export { cdlShortLine, cdlShortLineMeta, CdlShortLineStream, CDLSHORTLINE } from './pattern/cdlshortline.js';
export { cdlSpinningTop, cdlSpinningTopMeta, CdlSpinningTopStream, CDLSPINNINGTOP } from './pattern/cdlspinningtop.js';
export { cdlStalledPattern, cdlStalledPatternMeta, CdlStalledPatternStream, CDLSTALLEDPATTERN } from './pattern/cdlstalledpattern.js';
export { cdlStickSandwich, cdlStickSandwichMeta, CdlStickSandwichStream, CDLSTICKSANDWICH } from './pattern/cdlsticksandwich.js';
export { cdlTakuri, cdlTakuriMeta, CdlTakuriStream, CDLTAKURI } from './pattern/cdltakuri.js';
export { cdlTasukiGap, cdlTasukiGapMeta, CdlTasukiGapStream, CDLTASUKIGAP } from './pattern/cdltasukigap.js';
export { cdlThrusting, cdlThrustingMeta, CdlThrustingStream, CDLTHRUSTING } from './pattern/cdlthrusting.js';
export { cdlTristar, cdlTristarMeta, CdlTristarStream, CDLTRISTAR } from './pattern/cdltristar.js';
export { cdlUnique3River, cdlUnique3RiverMeta, CdlUnique3RiverStream, CDLUNIQUE3RIVER } from './pattern/cdlunique3river.js';
export { cdlUpsideGap2Crows, cdlUpsideGap2CrowsMeta, CdlUpsideGap2CrowsStream, CDLUPSIDEGAP2CROWS } from './pattern/cdlupsidegap2crows.js';
export { cdlXSideGap3Methods, cdlXSideGap3MethodsMeta, CdlXSideGap3MethodsStream, CDLXSIDEGAP3METHODS } from './pattern/cdlxsidegap3methods.js';
