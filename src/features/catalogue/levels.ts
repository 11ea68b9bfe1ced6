import { closeOverLevel, type EntryInfo } from '../build.js';
import type { ColumnKey, FeatureDef, Kernel } from '../types.js';

/** A price level held in one kernel column: where it comes from and when it is first defined. */
export interface LevelColumn {
  kernels: readonly Kernel[];
  column: ColumnKey;
  lookback: number;
}

/**
 * A price level twice: raw (`name`, scale 'price') and scale-free (`name_ratio` = close / level - 1, the
 * catalogue's `_ratio` convention, as `ratioToClose` does for indicator outputs).
 *
 * @example
 * ```ts
 * levelAndRatio({ name: 'ha_open', group: 'heikin_ashi', description: 'Heikin-Ashi open' }, { kernels: [ha], column: col(ha, 'open'), lookback: 0 })
 * // ha_open, ha_open_ratio
 * ```
 */
export function levelAndRatio(info: Omit<EntryInfo, 'scale'>, level: LevelColumn): FeatureDef[] {
  const { kernels, column, lookback } = level;
  return [
    { ...info, scale: 'price', lookback, kernels, columns: [column] },
    { ...info, name: `${info.name}_ratio`, scale: 'ratio', description: `close / (${info.description}) - 1`, lookback, kernels, columns: ['close', column], formula: closeOverLevel },
  ];
}
