/**
 * The warm live streams of a pipeline: each market's feature stream kept in memory between calls, so that a live
 * batch steps it over the new candle instead of restoring the stored state from JSON (which costs most of a batch).
 * A warm stream is only a shortcut: `continueFeatures` uses it only when the stored state is still the very one it
 * continues, so two workers sharing a store stay correct, and the results are those of a cold restore.
 *
 * @module
 */
import type { AlphaStore } from '../store/types.js';
import type { FeaturePlan } from './feature-plan.js';
import type { WarmStream } from './live-steps.js';

/** The warm streams of one owner (a model registry): taken out while in use, put back once their writes are done. */
export interface LiveCache {
  /**
   * Takes the warm stream of `plan` (market and feature key) on `store` out of the cache: a concurrent call finds
   * none and restores, and a call that fails never puts back a stream it has stepped.
   */
  take(store: AlphaStore, plan: FeaturePlan): WarmStream | undefined;
  /** Keeps `warm` as the stream of `plan` on `store` (replacing any); the oldest of more than {@link LIVE_CACHE_SIZE} is dropped. */
  put(store: AlphaStore, plan: FeaturePlan, warm: WarmStream): void;
}

/**
 * Warm streams a cache keeps per store at most: six markets, an active and a previous model each, and room to spare
 * (a stream of ~300 features is a few hundred kB).
 *
 * @example
 * ```ts
 * LIVE_CACHE_SIZE // => 24
 * ```
 */
export const LIVE_CACHE_SIZE = 24;

const caches = new WeakMap<object, LiveCache>();

function keyOf(plan: FeaturePlan): string {
  return `${plan.market.symbol}|${plan.market.timeframe}|${plan.key}`;
}

/**
 * An empty {@link LiveCache}: per store (a WeakMap, so a closed store's streams go with it), per market and feature
 * key, at most {@link LIVE_CACHE_SIZE} streams per store.
 *
 * @example
 * ```ts
 * const cache = createLiveCache()
 * cache.take(store, plan) // => undefined
 * ```
 */
export function createLiveCache(): LiveCache {
  const byStore = new WeakMap<AlphaStore, Map<string, WarmStream>>();
  return {
    take(store, plan) {
      const streams = byStore.get(store);
      const key = keyOf(plan);
      const warm = streams?.get(key);
      streams?.delete(key);
      return warm;
    },
    put(store, plan, warm) {
      let streams = byStore.get(store);
      if (streams === undefined) byStore.set(store, (streams = new Map()));
      const key = keyOf(plan);
      streams.delete(key);
      if (streams.size >= LIVE_CACHE_SIZE) streams.delete(streams.keys().next().value!);
      streams.set(key, warm);
    },
  };
}

/**
 * The {@link LiveCache} of `owner` (the model registry a pipeline serves from), created on first use: the warm
 * streams live as long as the registry, and a registry created for one call keeps none beyond it.
 *
 * @example
 * ```ts
 * liveCacheOf(registry) === liveCacheOf(registry) // => true
 * ```
 */
export function liveCacheOf(owner: object): LiveCache {
  let cache = caches.get(owner);
  if (cache === undefined) caches.set(owner, (cache = createLiveCache()));
  return cache;
}
