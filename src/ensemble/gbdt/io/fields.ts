/**
 * The per-node and per-tree arrays of a tree ensemble grouped by element type, in the order both of our formats
 * (`model-json.ts`, `model-binary.ts`) write them; `catBits` (uint32) comes last.
 * @module
 */

/** The int32 arrays. */
export const INT_ARRAYS = ['treeStart', 'treeClass', 'feature', 'left', 'right', 'catStart', 'catEnd'] as const;
/** The uint8 arrays. */
export const BYTE_ARRAYS = ['defaultLeft', 'splitKind', 'missingType'] as const;
/** The float64 arrays. */
export const FLOAT_ARRAYS = ['threshold', 'value', 'cover', 'gain'] as const;
