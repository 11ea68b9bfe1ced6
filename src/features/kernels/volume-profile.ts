import { ANY_NUMBER, BaseStream, FIXED, fixed, int, within, type FieldRule, type StateRules } from '../../core/stream.js';
import type { Kernel } from '../types.js';
import { POSITIVE } from './rules.js';

/** Share of the window's volume the value area holds (the usual 70%). */
const VALUE_AREA_SHARE = 0.7;

/**
 * Rolling volume profile over the last `window` candles (the current one included): point of control and value
 * area. Outputs `poc`, `vah`, `val` (price levels); NaN for the first `window - 1` candles.
 *
 * Binning: `bins` equal-width price bins between the window's lowest low `lo` and highest high `hi`, bin b
 * spanning [e_b, e_{b+1}] with e_b = lo + (hi - lo) * b / bins (and e_bins = hi exactly). A candle with
 * high > low spreads its volume uniformly over its [low, high]: bin b gets v / (high - low) times the length of
 * [low, high] ∩ [e_b, e_{b+1}] (all of v when that range lies in one bin). A zero-range candle puts all its
 * volume in the bin of its price, the b with e_b <= p < e_{b+1} (the top bin also holding hi).
 *
 * - POC: the centre (e_b + e_{b+1}) / 2 of the bin with the most volume; ties go to the lower bin.
 * - Value area: from the POC bin, repeatedly add the neighbouring bin (just above or just below the area) with
 *   more volume, ties going above, until the area holds at least 70% of the window's binned volume.
 *   VAH = upper edge of its top bin, VAL = lower edge of its bottom bin.
 * - A window with zero total volume is profiled by time instead: every candle weighs 1 in place of its volume
 *   (Steidlmayer's time-price-opportunity profile: where the price spent its time), so a full window always has
 *   a profile. A flat window (hi = lo) has every level at that price: poc = vah = val = lo.
 *
 * Each update rebuilds the histogram from the whole window, oldest candle first, so a value depends on the
 * window alone (an incremental add/remove histogram would carry rounding from earlier windows, and could flip
 * a POC tie between a live stream and a backfill started elsewhere). A candle only touches the bins its range
 * overlaps, and which bins those are (a function of the candle and the window's range) is recomputed for every
 * candle only when the range moves, otherwise for the new candle alone: O(window + bins + overlaps) per update. Batch
 * and stream run the same evaluation of a window (the batch on the candle columns, tracking the window's range
 * instead of rescanning it), so the two agree bit for bit.
 *
 * Reference: J. P. Steidlmayer and K. Koy, "Markets and Market Logic" (1986), for the value area and its 70% rule
 * and the time-price-opportunity profile.
 *
 * @example
 * ```ts
 * volumeProfileKernel(96, 24) // a day of 15m candles, 24 price bins
 * // 3 candles [low, high] x volume: [0, 4] x 8, [1, 2] x 3, [3, 3] x 5; POC, VAH, VAL of the window at row 2:
 * volumeProfileKernel(3, 4).batch([Float64Array.of(4, 2, 3), Float64Array.of(0, 1, 3), Float64Array.of(8, 3, 5)], 3).map((c) => c[2]) // => [3.5, 4, 1]
 * ```
 */
export function volumeProfileKernel(window: number, bins: number): Kernel {
  return {
    key: `volume_profile(${window},${bins})`,
    inputs: ['high', 'low', 'volume'],
    deps: [],
    outputs: ['poc', 'vah', 'val'],
    batch([high, low, volume], n) {
      const outs = [new Float64Array(n).fill(NaN), new Float64Array(n).fill(NaN), new Float64Array(n).fill(NaN)];
      if (n < window) return outs;
      // The stream's evaluation on the input columns themselves (no ring: the window is rows i - window + 1..i),
      // with the window's lowest low, highest high and traded volume tracked instead of rescanned.
      const shares = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const h = high![i]!;
        const l = low![i]!;
        shares[i] = share(h, l, volume![i]!);
      }
      const profile: ProfileState = {
        window,
        bins,
        highs: high!,
        lows: low!,
        volumes: volume!,
        shares,
        froms: new Int32Array(n),
        tos: new Int32Array(n),
        binnedLo: NaN,
        binnedHi: NaN,
        hist: new Float64Array(bins),
        edges: new Float64Array(bins + 1),
      };
      const out = new Float64Array(3);
      let atLo = -1;
      let atHi = -1;
      let traded = 0;
      for (let i = 0; i < window - 1; i++) if (volume![i]! > 0) traded++;
      for (let i = window - 1; i < n; i++) {
        const start = i - window + 1;
        if (volume![i]! > 0) traded++;
        if (start > 0 && volume![start - 1]! > 0) traded--;
        if (atLo < start) {
          atLo = start;
          for (let j = start + 1; j <= i; j++) if (low![j]! < low![atLo]!) atLo = j;
        } else if (low![i]! < low![atLo]!) atLo = i;
        if (atHi < start) {
          atHi = start;
          for (let j = start + 1; j <= i; j++) if (high![j]! > high![atHi]!) atHi = j;
        } else if (high![i]! > high![atHi]!) atHi = i;
        evaluate(profile, start, i, n, low![atLo]!, high![atHi]!, traded > 0, out);
        outs[0]![i] = out[0]!;
        outs[1]![i] = out[1]!;
        outs[2]![i] = out[2]!;
      }
      return outs;
    },
    stream: () => new VolumeProfileStream(window, bins),
  };
}

class VolumeProfileStream extends BaseStream<[Float64Array, Float64Array], void> implements ProfileState {
  readonly highs: Float64Array;
  readonly lows: Float64Array;
  readonly volumes: Float64Array;
  /** volume / (high - low) of each candle with a range (0 otherwise): its volume per unit of price. */
  readonly shares: Float64Array;
  /** Bins of each candle's low and high (the range's first and last bin) for the edges of `binnedLo`..`binnedHi`. */
  readonly froms: Int32Array;
  readonly tos: Int32Array;
  /** The window range the edges, `froms` and `tos` were computed for (NaN: none). */
  binnedLo = NaN;
  binnedHi = NaN;
  /** Working buffer of one evaluation (overwritten every time, kept to allocate nothing per update). */
  readonly hist: Float64Array;
  readonly edges: Float64Array;
  private count = 0;

  constructor(
    readonly window: number,
    readonly bins: number,
  ) {
    super('kernel:volume_profile', [window, bins]);
    this.highs = new Float64Array(window);
    this.lows = new Float64Array(window);
    this.volumes = new Float64Array(window);
    this.shares = new Float64Array(window);
    this.froms = new Int32Array(window);
    this.tos = new Int32Array(window);
    this.hist = new Float64Array(bins);
    this.edges = new Float64Array(bins + 1);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const slot = this.count % this.window;
    const h = inputs[0]!;
    const l = inputs[1]!;
    const v = inputs[2]!;
    this.highs[slot] = h;
    this.lows[slot] = l;
    this.volumes[slot] = v;
    this.shares[slot] = share(h, l, v);
    this.count++;
    if (this.count < this.window) {
      out[0] = out[1] = out[2] = NaN;
      return;
    }
    this.evaluate(slot, out);
  }

  /**
   * The configuration fixed; the filled slots of the ring hold candles (0 < low <= high, volume >= 0), the others 0
   * as constructed; every derived value (shares, the binned range, its edges, each candle's bins) exactly what the
   * ring gives. Only the histogram, overwritten by every evaluation, may hold anything.
   */
  protected override stateRules(): StateRules {
    // sizes from the arrays (a restore has checked their lengths), not from the fields the rules are about to check
    const { count, highs, lows, volumes } = this;
    const window = highs.length;
    const bins = this.hist.length;
    const filled = Math.min(count, window);
    const slots = (rule: (j: number) => FieldRule): FieldRule[] => Array.from({ length: window }, (_, j) => (j < filled ? rule(j) : exactly(0)));
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < window; j++) {
      lo = Math.min(lo, lows[j]!);
      hi = Math.max(hi, highs[j]!);
    }
    const binned = count >= window && hi !== lo;
    const edges = new Float64Array(bins + 1);
    if (binned) fillEdges(edges, lo, hi, bins);
    const scale = bins / (hi - lo);
    const from = (j: number): number => binOf(lows[j]!, lo, scale, edges, bins);
    const anyBin = int(0, bins - 1);
    return {
      ...fixed('window', 'bins'),
      count: int(0, Number.MAX_SAFE_INTEGER),
      highs: slots(() => POSITIVE),
      lows: slots((j) => within(Number.MIN_VALUE, highs[j]!)),
      volumes: slots(() => within(0, Number.MAX_VALUE)),
      shares: slots((j) => exactly(share(highs[j]!, lows[j]!, volumes[j]!))),
      binnedLo: binned ? exactly(lo) : FIXED,
      binnedHi: binned ? exactly(hi) : FIXED,
      edges: binned ? Array.from(edges, exactly) : ANY_NUMBER,
      froms: binned ? Array.from({ length: window }, (_, j) => exactly(from(j))) : anyBin,
      tos: binned ? Array.from({ length: window }, (_, j) => exactly(lastBin(highs[j]!, lows[j]!, from(j), lo, scale, edges, bins))) : anyBin,
      hist: ANY_NUMBER,
    };
  }

  /** The profile of the full ring, whose newest candle is at `newest`. */
  private evaluate(newest: number, out: Float64Array): void {
    const { window, highs, lows, volumes } = this;
    let lo = Infinity;
    let hi = -Infinity;
    let traded = false;
    for (let j = 0; j < window; j++) {
      if (lows[j]! < lo) lo = lows[j]!;
      if (highs[j]! > hi) hi = highs[j]!;
      if (volumes[j]! > 0) traded = true;
    }
    evaluate(this, newest + 1 === window ? 0 : newest + 1, newest, window, lo, hi, traded, out);
  }
}

/**
 * What the evaluation of one window reads and updates, shared by the batch (candle columns, the window a run of
 * rows) and the stream (its ring), which run the same {@link evaluate}: the same operations in the same order, so
 * the two agree bit for bit. Candle j lives at index j of the arrays.
 */
interface ProfileState {
  readonly window: number;
  readonly bins: number;
  readonly highs: Float64Array;
  readonly lows: Float64Array;
  readonly volumes: Float64Array;
  /** volume / (high - low) of each candle with a range (0 otherwise): its volume per unit of price. */
  readonly shares: Float64Array;
  /** Bins of each candle's low and high (the range's first and last bin) for the edges of `binnedLo`..`binnedHi`. */
  readonly froms: Int32Array;
  readonly tos: Int32Array;
  /** The window range the edges, `froms` and `tos` were computed for (NaN: none). */
  binnedLo: number;
  binnedHi: number;
  /** Working buffers of one evaluation (overwritten every time). */
  readonly hist: Float64Array;
  readonly edges: Float64Array;
}

/**
 * The profile of the window whose candles, oldest first, are at `oldest`, `oldest + 1`, ... (wrapping at `size`),
 * the newest at `newest`, with lowest low `lo` and highest high `hi`, and whether it traded any volume (if not, the
 * profile is by time: each candle weighs 1).
 */
function evaluate(p: ProfileState, oldest: number, newest: number, size: number, lo: number, hi: number, traded: boolean, out: Float64Array): void {
  const { window, bins, hist, edges } = p;
  if (hi === lo) {
    p.binnedLo = p.binnedHi = NaN;
    out[0] = out[1] = out[2] = lo;
    return;
  }
  // A candle's bins depend on it and the edges only: recompute them all when the range moved, else the newest.
  if (lo !== p.binnedLo || hi !== p.binnedHi) {
    fillEdges(edges, lo, hi, bins);
    const scale = bins / (hi - lo);
    for (let k = 0, j = oldest; k < window; k++, j = j + 1 === size ? 0 : j + 1) locate(p, j, lo, scale);
    p.binnedLo = lo;
    p.binnedHi = hi;
  } else locate(p, newest, lo, bins / (hi - lo));
  hist.fill(0);
  // Oldest first, as two runs of the ring (the batch's window never wraps: its second run is empty).
  const wraps = oldest > newest;
  const end = wraps ? size : newest + 1;
  // Without any volume in the window, each candle weighs 1 (a time profile) instead of its volume.
  const add = traded ? addVolumes : addTime;
  add(p, oldest, end);
  if (wraps) add(p, 0, newest + 1);
  let poc = 0;
  let binned = 0;
  for (let b = 0; b < bins; b++) {
    binned += hist[b]!;
    if (hist[b]! > hist[poc]!) poc = b;
  }
  const target = VALUE_AREA_SHARE * binned;
  let top = poc;
  let bottom = poc;
  let area = hist[poc]!;
  while (area < target && (top < bins - 1 || bottom > 0)) {
    const above = top < bins - 1 ? hist[top + 1]! : -1;
    const below = bottom > 0 ? hist[bottom - 1]! : -1;
    if (above >= below) area += hist[++top]!;
    else area += hist[--bottom]!;
  }
  out[0] = (edges[poc]! + edges[poc + 1]!) / 2;
  out[1] = edges[top + 1]!;
  out[2] = edges[bottom]!;
}

/**
 * Adds the volume of candles `from`..`to - 1` (in that order) to the histogram: a candle within one bin all of it, a
 * candle across bins its share per unit of price times each bin's overlap with its range.
 */
function addVolumes(p: ProfileState, from: number, to: number): void {
  const { highs, lows, volumes, shares, froms, tos, hist, edges } = p;
  for (let j = from; j < to; j++) {
    const first = froms[j]!;
    const last = tos[j]!;
    if (last === first) {
      hist[first]! += volumes[j]!;
      continue;
    }
    const share = shares[j]!;
    hist[first]! += share * (edges[first + 1]! - lows[j]!);
    for (let b = first + 1; b < last; b++) hist[b]! += share * (edges[b + 1]! - edges[b]!);
    hist[last]! += share * (highs[j]! - edges[last]!);
  }
}

/** {@link addVolumes} with every candle weighing 1 (the time profile of a window without volume). */
function addTime(p: ProfileState, from: number, to: number): void {
  const { highs, lows, froms, tos, hist, edges } = p;
  for (let j = from; j < to; j++) {
    const first = froms[j]!;
    const last = tos[j]!;
    if (last === first) {
      hist[first]! += 1;
      continue;
    }
    const share = 1 / (highs[j]! - lows[j]!);
    hist[first]! += share * (edges[first + 1]! - lows[j]!);
    for (let b = first + 1; b < last; b++) hist[b]! += share * (edges[b + 1]! - edges[b]!);
    hist[last]! += share * (highs[j]! - edges[last]!);
  }
}

/** A candle's volume per unit of price: volume / (high - low), 0 for a zero-range candle. */
function share(h: number, l: number, v: number): number {
  return h > l ? v / (h - l) : 0;
}

/** The bin edges of the range [lo, hi]: e_b = lo + (hi - lo) * b / bins, and e_bins = hi exactly. */
function fillEdges(edges: Float64Array, lo: number, hi: number, bins: number): void {
  const range = hi - lo;
  for (let b = 0; b < bins; b++) edges[b] = lo + (range * b) / bins;
  edges[bins] = hi;
}

/** Records the first and last bin of candle j's [low, high] (one bin for a zero-range candle or one inside a bin). */
function locate(p: ProfileState, j: number, lo: number, scale: number): void {
  const { bins, edges } = p;
  const from = binOf(p.lows[j]!, lo, scale, edges, bins);
  p.froms[j] = from;
  p.tos[j] = lastBin(p.highs[j]!, p.lows[j]!, from, lo, scale, edges, bins);
}

/** The last bin of a candle [l, h] whose first bin is `from`. */
function lastBin(h: number, l: number, from: number, lo: number, scale: number, edges: Float64Array, bins: number): number {
  let to = h === l ? from : binOf(h, lo, scale, edges, bins);
  while (to > from && edges[to]! >= h) to--; // h on an edge: the range ends in the bin below
  return to;
}

function exactly(x: number): FieldRule {
  return within(x, x);
}

/**
 * The bin b whose [e_b, e_{b+1}) holds price p (the top bin also holds hi): estimated from (p - lo) * bins / range,
 * then settled against the edges themselves so that rounding cannot misplace a price near an edge.
 */
function binOf(p: number, lo: number, scale: number, edges: Float64Array, bins: number): number {
  let b = ((p - lo) * scale) | 0; // p >= lo: truncation is the floor
  if (b > bins - 1) b = bins - 1;
  while (b > 0 && edges[b]! > p) b--;
  while (b < bins - 1 && edges[b + 1]! <= p) b++;
  return b;
}
