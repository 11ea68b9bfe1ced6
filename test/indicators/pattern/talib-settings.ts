/**
 * TA-Lib C with candle settings (./talib-settings.c), for the tests of the `candleSettings` option: compiled once per
 * test run with gcc against the static library of the npm `talib` package (as bench/indicators/native.ts does), into
 * the system's temporary directory, and fed a batch of requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANDLE_SETTING_NAMES, type CandleSetting, type CandleSettingName } from '../../../src/indicators/kernels/candle-settings.js';
import type { Ohlc } from './rich-series.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TALIB = join(HERE, '..', '..', '..', 'node_modules', 'talib', 'src', 'lib');
const RANGE_TYPES = ['realBody', 'highLow', 'shadows'] as const;

let exe: string | undefined;

function compiled(): string {
  if (exe === undefined) {
    const out = join(mkdtempSync(join(tmpdir(), 'alpha-cdl-')), 'talib-settings');
    const lib = join(TALIB, 'lib');
    execFileSync('gcc', ['-O1', '-o', out, join(HERE, 'talib-settings.c'), `-I${join(TALIB, 'include')}`, `-L${lib}`, '-lta_abstract_csr', '-lta_func_csr', '-lta_common_csr', '-lm'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    exe = out;
  }
  return exe;
}

/** One call of a TA-Lib pattern function: its name, inputs, penetration (if it takes one) and candle settings. */
export interface SettingsRequest {
  readonly name: string;
  readonly series: Ohlc;
  readonly penetration?: number;
  readonly settings?: Partial<Record<CandleSettingName, CandleSetting>>;
}

/** TA-Lib's outputs of each request, aligned to the inputs (NaN before begIdx). */
export function talibWithSettings(requests: readonly SettingsRequest[]): Float64Array[] {
  const text = requests
    .map(({ name, series, penetration, settings = {} }) => {
      const over = Object.entries(settings) as [CandleSettingName, CandleSetting][];
      const lines = [`${name} ${penetration ?? 'nan'} ${series.close.length} ${over.length}`];
      for (const [k, s] of over) lines.push(`${CANDLE_SETTING_NAMES.indexOf(k)} ${RANGE_TYPES.indexOf(s.rangeType)} ${s.avgPeriod} ${s.factor}`);
      for (const col of [series.open, series.high, series.low, series.close]) lines.push(Array.from(col, String).join(' '));
      return lines.join('\n');
    })
    .join('\n');
  const stdout = execFileSync(compiled(), { input: text, encoding: 'utf8', maxBuffer: 1 << 28 });
  return stdout
    .trim()
    .split('\n')
    .map((line, r) => {
      const [rc, beg, nb, ...values] = line.split(' ').map(Number);
      if (rc !== 0) throw new Error(`TA-Lib ${requests[r]!.name} returned ${rc}`);
      const out = new Float64Array(requests[r]!.series.close.length).fill(NaN);
      for (let i = 0; i < nb!; i++) out[beg! + i] = values[i]!;
      return out;
    });
}
