import * as ts from 'trading-signals';
import { EmaStream, RsiStream, INDICATORS } from '../../src/indicators/index.js';
import { benchCandles, toArrays } from '../lib/data.js';
import { tableText, writeResults, type ResultTable } from '../lib/results.js';
import { benchOneFeature } from './one-feature.js';
import { fmtMs, fmtRatio, fmtSpread, machineInfo, median, nowMs, renderTable } from '../lib/stats.js';
import { oursIntoLibrary, oursLibrary, peerLibraries } from './libraries.js';
import { prepareNative, runNative, type NativeHarness, type NativeRun } from './native.js';
import { runTalib, SPECS, talib, talibSeries, TALIB_OUTPUT } from './specs.js';
import type { BenchInputs, BenchSpec, Impl, Library, Series } from './specs.js';

/**
 * Suite options: `npm run bench -- indicators --runs=5 --candles=1000000 --seed=42 --no-native --no-write
 * --only=SMA,EMA,streams,features --smoke` (`--only` implies `--no-write`; `--smoke`: 5,000 candles, one run,
 * nothing written).
 */
interface Options {
  runs: number;
  candles: number;
  seed: number;
  native: boolean;
  write: boolean;
  only?: Set<string>;
}

/**
 * A first run longer than this is the only run: the slow peers (the binding's number[] copies, technicalindicators)
 * are 10-100x slower than the fastest, whose ratio to ours is the one that needs the repeated rounds.
 */
const CAP_MS = 500;
/** Peers that are native code (C addons): the peer goal is against the fastest JavaScript peer. */
const NATIVE_PEERS = new Set(['talib', 'tulind']);
/** Relative differences (to the output's recent scale) up to this count as equal to TA-Lib. */
const EXACT = 1e-6;
/** Up to this: same definition, different rounding or a not-fully-decayed seed. */
const CLOSE = 1e-3;
const GOAL_PEER = 3;
const GOAL_NATIVE = 2;
const GOAL_STREAM_NS = 25;

function parseOptions(args: readonly string[]): Options {
  const o: Options = { runs: 5, candles: 1_000_000, seed: 42, native: true, write: true };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'runs') o.runs = Math.max(1, Number(v));
    else if (k === 'candles') o.candles = Number(v);
    else if (k === 'seed') o.seed = Number(v);
    else if (k === 'no-native') o.native = false;
    else if (k === 'no-write') o.write = false;
    else if (k === 'smoke') Object.assign(o, { candles: 5000, runs: 1, write: false });
    else if (k === 'only') {
      o.only = new Set((v ?? '').split(',').map((x) => x.trim().toUpperCase()));
      o.write = false;
    }
    else throw new Error(`indicators suite: unknown option ${a}`);
  }
  return o;
}

/** Spot check of one implementation against TA-Lib at several late candles. */
interface Check {
  status: 'ok' | 'close' | 'differs' | 'broken';
  /** Max |x - talib| / scale, scale = max |talib| over the last 1000 candles of that output. */
  maxRelDiff: number;
  compared: string[];
  missing: string[];
}

function spotCheck(spec: BenchSpec, got: Series, ref: Series, n: number): Check {
  const fromEnd = [0, 1, 17, 1000, 100_000, Math.floor(n / 2)].filter((k) => k < n - 200);
  let max = 0;
  const compared: string[] = [];
  const missing: string[] = [];
  for (const name of spec.outputs) {
    const a = got[name];
    const b = ref[name];
    if (a === undefined || b === undefined) {
      missing.push(name);
      continue;
    }
    compared.push(name);
    let scale = 0;
    for (let k = 0; k < Math.min(1000, b.length); k++) scale = Math.max(scale, Math.abs(b[b.length - 1 - k]!));
    for (const k of fromEnd) {
      if (k > 0 && k >= a.length) continue; // the native harness reports last values only
      const x = a[a.length - 1 - k];
      const y = b[b.length - 1 - k]!;
      const d = x === undefined || !Number.isFinite(x) ? Infinity : Math.abs(x - y) / (scale || 1);
      max = Math.max(max, d);
    }
  }
  const status = compared.length === 0 || max === Infinity ? 'broken' : max <= EXACT ? 'ok' : max <= CLOSE ? 'close' : 'differs';
  return { status, maxRelDiff: max, compared, missing };
}

const MARK: Record<Check['status'], string> = { ok: '', close: '~', differs: '*', broken: '!' };

interface Cell {
  medianMs?: number;
  minMs?: number;
  runsMs: number[];
  capped: boolean;
  check?: Check;
  error?: string;
  /** 'n/a' (ours not implemented yet) or '-' (peer lacks it). */
  absent?: 'n/a' | '-';
}

/**
 * One timed call. No forced GC between runs: a forced full GC drops V8's on-stack-replacement code, so the
 * next single long call would run its loop unoptimized for a while (measured: 10-40x slower streams).
 */
function timeOnce(impl: Impl): { ms: number; result: unknown } {
  const t0 = nowMs();
  const result = impl.run();
  const ms = nowMs() - t0;
  return { ms: impl.elapsedMs === undefined ? ms : impl.elapsedMs(result), result };
}

/** Inner timed passes per harness call; each round reports their median. */
const NATIVE_INNER_RUNS = 3;

/**
 * The native C column as a library, so it takes part in the interleaved rounds: each call spawns the harness
 * for one indicator (one warm-up pass, then NATIVE_INNER_RUNS timed passes) and reports the harness' own median.
 */
function nativeLibrary(h: NativeHarness): Library {
  return {
    id: 'native C',
    api: `bench/native/harness.c, TA_* on preallocated double arrays, clock_gettime; per round: warm-up + median of ${NATIVE_INNER_RUNS} passes`,
    impl(spec) {
      return {
        run: () => runNative(h, NATIVE_INNER_RUNS, spec.name),
        elapsedMs: (r) => (r as NativeRun).results[spec.name]!.medianMs,
        series(r) {
          const last = (r as NativeRun).results[spec.name]!.last;
          return Object.fromEntries(spec.outputs.map((name, j) => [name, [last[j]!]]));
        },
      };
    },
  };
}

/** Times every library on one indicator: warm-up and spot check, then `runs` rounds in rotating order. */
function benchIndicator(spec: BenchSpec, libs: readonly Library[], ref: Series, n: number, runs: number): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  const active: { id: string; impl: Impl }[] = [];
  for (const lib of libs) {
    const impl = lib.impl(spec);
    if (impl === undefined) {
      cells[lib.id] = { runsMs: [], capped: false, absent: lib.id === 'ours' ? 'n/a' : '-' };
      continue;
    }
    try {
      const first = timeOnce(impl);
      const cell: Cell = { runsMs: [], capped: false, check: spotCheck(spec, impl.series(first.result), ref, n) };
      cells[lib.id] = cell;
      if (first.ms > CAP_MS) {
        cell.capped = true;
        cell.runsMs.push(first.ms);
        continue;
      }
      // More warm-up calls where cheap: on a loaded machine TurboFan code can arrive late.
      const extra = first.ms < 100 ? 3 : 1;
      for (let w = 0; w < extra; w++) impl.run();
      active.push({ id: lib.id, impl });
    } catch (e) {
      cells[lib.id] = { runsMs: [], capped: false, error: String(e).slice(0, 200) };
    }
  }
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < active.length; j++) {
      const { id, impl } = active[(j + r) % active.length]!;
      cells[id]!.runsMs.push(timeOnce(impl).ms);
    }
  }
  for (const cell of Object.values(cells)) {
    if (cell.runsMs.length === 0) continue;
    cell.medianMs = median(cell.runsMs);
    cell.minMs = Math.min(...cell.runsMs);
  }
  return cells;
}

interface StreamResult {
  nsPerUpdate: number;
  runsNs: number[];
}

/** ns per update of streaming EMA(20) and RSI(14): ours `next` vs trading-signals `add`, interleaved. */
function benchStreams(close: Float64Array, runs: number): Record<string, Record<string, StreamResult>> {
  const n = close.length;
  const out = new Float64Array(n);
  type Runner = () => void;
  const cases: Record<string, Record<string, Runner>> = {
    'EMA(20)': {
      ours: () => {
        const s = new EmaStream(20);
        for (let i = 0; i < n; i++) out[i] = s.next(close[i]!);
      },
      'trading-signals': () => {
        const s = new ts.EMA(20);
        for (let i = 0; i < n; i++) out[i] = s.add(close[i]!) ?? NaN;
      },
    },
    'RSI(14)': {
      ours: () => {
        const s = new RsiStream(14);
        for (let i = 0; i < n; i++) out[i] = s.next(close[i]!);
      },
      'trading-signals': () => {
        const s = new ts.RSI(14);
        for (let i = 0; i < n; i++) out[i] = s.add(close[i]!) ?? NaN;
      },
    },
  };
  const result: Record<string, Record<string, StreamResult>> = {};
  for (const [name, runners] of Object.entries(cases)) {
    const entries = Object.entries(runners);
    const times: Record<string, number[]> = {};
    for (const [id, fn] of entries) {
      fn();
      fn();
      times[id] = [];
    }
    for (let r = 0; r < runs; r++) {
      for (let j = 0; j < entries.length; j++) {
        const [id, fn] = entries[(j + r) % entries.length]!;
        const t0 = nowMs();
        fn();
        times[id]!.push(((nowMs() - t0) * 1e6) / n);
      }
    }
    result[name] = Object.fromEntries(Object.entries(times).map(([id, t]) => [id, { nsPerUpdate: median(t), runsNs: t }]));
  }
  return result;
}

/** Runs the indicator suite: prints the table and writes bench/results/indicators.json. */
export async function run(args: readonly string[]): Promise<void> {
  const opt = parseOptions(args);
  const machine = machineInfo();
  const log = (s: string): void => void process.stdout.write(`${s}\n`);
  log(`indicators: ${opt.candles.toLocaleString('en-US')} simulated BTC 15m candles (seed ${opt.seed}), median of ${opt.runs} runs`);
  const typed = benchCandles(opt.candles, opt.seed);
  const arrays = toArrays(typed);
  const candles = arrays.close.map((close, i) => ({ open: arrays.open[i]!, high: arrays.high[i]!, low: arrays.low[i]!, close, volume: arrays.volume[i]! }));
  const inputs: BenchInputs = { typed, arrays, candles };
  const specs = SPECS.filter((sp) => opt.only === undefined || opt.only.has(sp.name));
  let native: NativeHarness | string = 'skipped (--no-native)';
  if (opt.native && specs.length > 0) {
    native = prepareNative(typed);
    if (typeof native === 'string') log(`native: SKIPPED, ${native}`);
  }
  const ours = oursLibrary(inputs);
  const peers = peerLibraries(inputs);
  const nativeLib = typeof native === 'string' ? undefined : nativeLibrary(native);
  const oursInto = oursIntoLibrary(inputs);
  const libs = nativeLib === undefined ? [ours, oursInto, ...peers] : [ours, oursInto, ...peers, nativeLib];

  const table: Record<string, Record<string, Cell>> = {};
  for (const spec of specs) {
    const refResult = runTalib(spec, arrays, typed.n, (x) => x as number[]);
    const ref = talibSeries(refResult);
    process.stdout.write(`  ${spec.label} ...`);
    const t0 = nowMs();
    table[spec.name] = benchIndicator(spec, libs, ref, typed.n, opt.runs);
    log(` ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  }
  let streams: ReturnType<typeof benchStreams> = {};
  if (opt.only === undefined || opt.only.has('STREAMS')) {
    log('  streaming ...');
    streams = benchStreams(typed.close, opt.runs);
  }

  // Table.
  const peerIds = peers.map((p) => p.id);
  const header = ['indicator', 'ours ms', 'ours spread', 'ours Into ms', ...peerIds.map((id) => (id === 'talib' ? 'talib (node) ms' : `${id} ms`)), 'native C ms', 'fastest JS peer/ours', 'ours/native', 'fastest JS peer/ours Into', 'ours Into/native'];
  const rows: string[][] = [];
  const summary: Record<string, unknown> = {};
  const cellText = (c: Cell | undefined): string => {
    if (c === undefined) return '-';
    if (c.absent !== undefined) return c.absent;
    if (c.error !== undefined) return 'err';
    return `${fmtMs(c.medianMs)}${c.capped ? '^' : ''}${c.check ? MARK[c.check.status] : ''}`;
  };
  for (const spec of specs) {
    const cells = table[spec.name]!;
    const oursMs = cells.ours?.medianMs;
    let fastest: { id: string; ms: number } | undefined;
    for (const id of peerIds) {
      const c = cells[id];
      if (NATIVE_PEERS.has(id)) continue;
      if (c?.medianMs === undefined || c.check?.status === 'broken') continue;
      if (fastest === undefined || c.medianMs < fastest.ms) fastest = { id, ms: c.medianMs };
    }
    const nativeMs = cells['native C']?.medianMs;
    const peerRatio = oursMs !== undefined && fastest !== undefined ? fastest.ms / oursMs : undefined;
    const nativeRatio = oursMs !== undefined && nativeMs !== undefined ? oursMs / nativeMs : undefined;
    const nativeCell = cells['native C'];
    const intoMs = cells[oursInto.id]?.medianMs;
    const intoPeer = intoMs !== undefined && fastest !== undefined ? fastest.ms / intoMs : undefined;
    const intoNative = intoMs !== undefined && nativeMs !== undefined ? intoMs / nativeMs : undefined;
    rows.push([spec.label, cellText(cells.ours), fmtSpread(cells.ours?.runsMs ?? []), cellText(cells[oursInto.id]), ...peerIds.map((id) => cellText(cells[id])), nativeCell ? cellText(nativeCell) : '-', fmtRatio(peerRatio), fmtRatio(nativeRatio), fmtRatio(intoPeer), fmtRatio(intoNative)]);
    summary[spec.name] = {
      label: spec.label,
      oursMs,
      fastestPeer: fastest,
      nativeMs,
      fastestPeerOverOurs: peerRatio,
      oursOverNative: nativeRatio,
      intoMs,
      fastestPeerOverInto: intoPeer,
      intoOverNative: intoNative,
      meetsPeerGoal: peerRatio === undefined ? null : peerRatio >= GOAL_PEER,
      meetsNativeGoal: nativeRatio === undefined ? null : nativeRatio <= GOAL_NATIVE,
    };
  }
  const legend = [
    "n/a: not implemented in @alpha-v4/core yet; '-': the library has no such indicator. Cells: median ms of the rounds; ours spread: min-max.",
    `Marks vs TA-Lib at late candles (|diff| / output scale): none <= ${EXACT}, ~ <= ${CLOSE}, * larger (different definition), ! no usable output; ^ single run (first run > ${CAP_MS / 1000} s).`,
    ...libs.map((lib) => `${lib.id}: ${lib.api}`),
    typeof native === 'string' ? `native C: SKIPPED, ${native}` : `native C: ${native.compile}`,
  ];
  log('');
  log(renderTable(header, rows));
  log('');
  for (const line of legend) log(line);

  const diffs: string[] = [];
  for (const spec of specs) {
    for (const [id, c] of Object.entries(table[spec.name]!)) {
      if (c.error) diffs.push(`${spec.name}/${id}: error ${c.error}`);
      else if (c.check && c.check.status !== 'ok') {
        diffs.push(`${spec.name}/${id}: ${c.check.status}, max rel diff ${c.check.maxRelDiff.toExponential(2)} on ${c.check.compared.join(',')}${c.check.missing.length ? ` (not provided: ${c.check.missing.join(',')})` : ''}`);
      } else if (c.check && c.check.missing.length) diffs.push(`${spec.name}/${id}: not provided: ${c.check.missing.join(',')}`);
    }
  }
  if (diffs.length) {
    log('Differences from TA-Lib (see docs/indicators-peers.md):');
    for (const d of diffs) log(`  ${d}`);
  }

  log('');
  const sheader = ['stream', 'ours ns/update', 'trading-signals ns/update', 'ts/ours', `ours <= ${GOAL_STREAM_NS} ns`];
  const srows = Object.entries(streams).map(([name, r]) => [
    name,
    (r.ours?.nsPerUpdate ?? NaN).toFixed(1),
    (r['trading-signals']?.nsPerUpdate ?? NaN).toFixed(1),
    fmtRatio((r['trading-signals']?.nsPerUpdate ?? NaN) / (r.ours?.nsPerUpdate ?? NaN)),
    (r.ours?.nsPerUpdate ?? Infinity) <= GOAL_STREAM_NS ? 'yes' : 'NO',
  ]);
  const streamNote = 'ours: EmaStream(20).next / RsiStream(14).next; trading-signals: EMA(20).add / RSI(14).add; 1 value per update, output stored.';
  log(renderTable(sheader, srows));
  log(streamNote);

  let oneFeature: ResultTable | undefined;
  if (opt.only === undefined || opt.only.has('FEATURES')) {
    log('  one feature through computeFeatures ...');
    oneFeature = benchOneFeature(typed, arrays, opt.runs);
    log(`\n${tableText(oneFeature)}`);
  }

  log('');
  const goalLines: string[] = [];
  for (const spec of specs) {
    const s = summary[spec.name] as { oursMs?: number; intoMs?: number; fastestPeerOverInto?: number; intoOverNative?: number; meetsPeerGoal: boolean | null; meetsNativeGoal: boolean | null; fastestPeer?: { id: string } };
    if (s.oursMs === undefined) {
      goalLines.push(`${spec.label}: n/a`);
      continue;
    }
    const misses: string[] = [];
    if (s.meetsPeerGoal === false) misses.push(`not ${GOAL_PEER}x faster than ${s.fastestPeer?.id}`);
    if (s.meetsNativeGoal === false) misses.push(`not within ${GOAL_NATIVE}x of native C`);
    const into = s.intoMs === undefined ? '' : `; Into: ${s.fastestPeerOverInto !== undefined && s.fastestPeerOverInto >= GOAL_PEER ? 'meets' : 'misses'} the peer goal, ${s.intoOverNative !== undefined && s.intoOverNative <= GOAL_NATIVE ? 'meets' : 'misses'} the native goal`;
    goalLines.push(`${spec.label}: ${misses.length ? `MISSES (${misses.join('; ')})` : 'meets goals'}${into}`);
  }
  log('Goals (>= 3x faster than the fastest JavaScript peer, <= 2x native C):');
  for (const g of goalLines) log(`  ${g}`);

  const tables: ResultTable[] = [
    { title: `Batch, ${opt.candles.toLocaleString('en-US')} candles, median of ${opt.runs} interleaved rounds`, header, rows, notes: [...legend, ...diffs.map((d) => `differs from TA-Lib: ${d}`)] },
    { title: 'Streaming, ns per update', header: sheader, rows: srows, notes: [streamNote] },
    ...(oneFeature === undefined ? [] : [oneFeature]),
    { title: 'Goals (>= 3x faster than the fastest JavaScript peer, <= 2x native C)', header: ['indicator', 'verdict'], rows: goalLines.map((g) => g.split(': ')), align: ['l', 'l'] },
  ];
  writeResults(
    {
      suite: 'indicators',
      title: `TA-Lib functions, ours vs ${peers.map((p) => p.id).join(', ')} and native C`,
      config: { candles: opt.candles, seed: opt.seed, symbol: 'BTC', timeframe: '15m', runs: opt.runs, capMs: CAP_MS, exact: EXACT, close: CLOSE },
      tables,
      capacity: [
        { key: 'indicators.emaStreamNsPerUpdate', value: streams['EMA(20)']?.ours?.nsPerUpdate ?? null, unit: 'ns', what: 'EmaStream(20).next, one update, one core' },
      ],
      data: {
        versions: { talib: talib.version, ours: INDICATORS.map((d) => d.meta.name).filter((x) => SPECS.some((s) => s.name === x)) },
        libraries: Object.fromEntries(libs.map((l) => [l.id, l.api])),
        results: table,
        native: typeof native === 'string' ? { skipped: native } : { compile: native.compile, innerRuns: NATIVE_INNER_RUNS, column: 'results.*["native C"]' },
        streaming: streams,
        summary,
        goals: { fastestPeerOverOurs: GOAL_PEER, oursOverNative: GOAL_NATIVE, streamNsPerUpdate: GOAL_STREAM_NS },
      },
    },
    { machine, smoke: !opt.write },
  );
}
