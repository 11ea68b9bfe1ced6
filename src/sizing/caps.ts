/**
 * The position, per-symbol exposure and leverage caps of a sizing policy.
 *
 * @module
 */

/** Which cap bound a size: none, the position cap, the leverage (gross exposure) cap or the per-symbol cap. */
export type CapName = 'none' | 'position' | 'leverage' | 'symbol';

/** The caps, as fractions of equity. */
export interface CapLimits {
  /** Largest new position. */
  readonly maxPosition: number;
  /** Largest gross exposure, the sum of |position| over all symbols after the trade. */
  readonly maxLeverage: number;
  /** Largest |position| in the symbol after the trade. */
  readonly maxSymbolExposure: number;
}

/** The open positions a new one joins, as fractions of equity. */
export interface OpenExposure {
  /** Signed position already held in the symbol (> 0 long, < 0 short). */
  readonly symbol: number;
  /** Gross exposure over all symbols, this one's |position| included: >= |symbol|. */
  readonly gross: number;
}

/**
 * Caps a new position of `size` >= 0 on side `direction` (+1 long, -1 short) given the open positions. With
 * c = direction * exposure.symbol (the position already held on the predicted side; negative when opposite) and
 * others = exposure.gross - |exposure.symbol| (the gross exposure of the other symbols), the largest sizes are
 *
 *     position: maxPosition
 *     symbol:   max(0, maxSymbolExposure - c)              (so c + size <= maxSymbolExposure)
 *     leverage: max(0, maxLeverage - others - c)           (so others + |c + size| <= maxLeverage)
 *
 * and the size is the smallest of `size` and these. A position within the caps before stays within them after.
 * `capped` names the cap that bound (the first of position, symbol, leverage on a tie), or `'none'`.
 * The inputs are trusted: `SizingPolicy.size` checks them before it calls this.
 *
 * @example
 * ```ts
 * capSize(0.3, 1, { symbol: 0.1, gross: 0.9 }, { maxPosition: 1, maxLeverage: 1, maxSymbolExposure: 1 })
 * // => { size: 0.09999999999999995, capped: 'leverage' } (others 0.9 - 0.1: 1 - 0.8 - 0.1, rounded)
 * ```
 */
export function capSize(size: number, direction: 1 | -1, exposure: OpenExposure, limits: CapLimits): { size: number; capped: CapName } {
  const held = direction * exposure.symbol;
  const others = exposure.gross - Math.abs(exposure.symbol);
  const caps: readonly (readonly [CapName, number])[] = [
    ['position', limits.maxPosition],
    ['symbol', Math.max(0, limits.maxSymbolExposure - held)],
    ['leverage', Math.max(0, limits.maxLeverage - others - held)],
  ];
  let capped: CapName = 'none';
  let out = size;
  for (const [name, cap] of caps) {
    if (cap < out) {
      out = cap;
      capped = name;
    }
  }
  return { size: out, capped };
}
