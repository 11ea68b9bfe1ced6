/**
 * Candle files of `alpha-v4 ingest`, without a database: the CSV and JSON shapes read, against values written out by
 * hand, and every malformed file as one CLI_INPUT error naming the file, the line (or element) and the field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readCandleFile } from '../../src/cli/candle-file.js';
import { CliError } from '../../src/cli/errors.js';
import { tempFolder } from './run-cli.js';

const folder = tempFolder('candle-file');
afterAll(() => folder.remove());

const T0 = Date.UTC(2024, 0, 1);
const M15 = 900_000;

async function read(name: string, text: string, timeUnit: 'ms' | 's' = 'ms') {
  folder.write(name, text);
  return readCandleFile(`${folder.dir}/${name}`, name, { timeframe: '15m', timeUnit });
}

async function inputError(name: string, text: string): Promise<CliError> {
  try {
    await read(name, text);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new RangeError('expected a CliError');
}

describe('readCandleFile: what it reads', () => {
  it('a CSV with a header in any case and order, extra columns, blank lines, numeric strings and a gap', async () => {
    const c = await read('ok.csv', 'Volume,TS,open,high,low,close,note\n12.5,2024-01-01T00:00:00Z,100,101,99.5,100.5,a\n\n3,2024-01-01 00:30:00+00,100.5,102,100,101,"b,c"\n');
    expect(Array.from(c.time)).toEqual([T0, T0 + 2 * M15]);
    expect(Array.from(c.open)).toEqual([100, 100.5]);
    expect(Array.from(c.high)).toEqual([101, 102]);
    expect(Array.from(c.low)).toEqual([99.5, 100]);
    expect(Array.from(c.close)).toEqual([100.5, 101]);
    expect(Array.from(c.volume)).toEqual([12.5, 3]);
  });

  it('epoch seconds with --time-unit s, under an open_time column', async () => {
    const c = await read('sec.csv', `open_time,open,high,low,close,volume\n${T0 / 1000},1,2,1,2,0\n`, 's');
    expect(Array.from(c.time)).toEqual([T0]);
  });

  it('JSON: an array of objects, an array of [t, o, h, l, c, v] rows, or { candles: [...] }', async () => {
    const objects = await read('a.json', JSON.stringify([{ time: T0, open: '1', high: 2, low: 1, close: 1.5, volume: 0 }]));
    const arrays = await read('b.json', JSON.stringify([[T0, 1, 2, 1, 1.5, 0]]));
    const wrapped = await read('c.json', JSON.stringify({ candles: [{ timestamp: '2024-01-01T00:00:00Z', open: 1, high: 2, low: 1, close: 1.5, volume: 0 }] }));
    for (const c of [objects, arrays, wrapped]) expect([c.time[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]]).toEqual([T0, 1, 2, 1, 1.5, 0]);
  });
});

describe('readCandleFile: malformed files (CLI_INPUT, naming the file, the line and the field)', () => {
  const header = 'ts,open,high,low,close,volume';

  it('a missing column', async () => {
    const e = await inputError('nocol.csv', 'ts,open,high,low,volume\n2024-01-01T00:00:00Z,1,2,1,0\n');
    expect(e.code).toBe('CLI_INPUT');
    expect(e.message).toBe('nocol.csv: line 1: missing column close (header: ts,open,high,low,volume)');
  });

  it('no time column', async () => {
    expect((await inputError('notime.csv', 'date,open,high,low,close,volume\n')).message).toBe(
      'notime.csv: line 1: no time column (one of ts, time, timestamp, open_time; header: date,open,high,low,close,volume)',
    );
  });

  it('a column twice', async () => {
    expect((await inputError('twice.csv', 'ts,open,high,low,close,volume,Close\n')).message).toBe('twice.csv: line 1: column close appears twice (header: ts,open,high,low,close,volume,Close)');
  });

  it('a non-numeric value', async () => {
    const e = await inputError('text.csv', `${header}\n2024-01-01T00:00:00Z,1,2,1,1,5\n2024-01-01T00:15:00Z,1,abc,1,1,5\n`);
    expect(e.message).toBe('text.csv: line 3 high: high must be a number or numeric string');
  });

  it('an empty field (a missing value)', async () => {
    expect((await inputError('empty.csv', `${header}\n2024-01-01T00:00:00Z,1,2,1,,5\n`)).message).toBe('empty.csv: line 2 close: missing close');
  });

  it('a bad candle: high below low, with the count of the other problems', async () => {
    const e = await inputError('hl.csv', `${header}\n2024-01-01T00:00:00Z,1,2,1,1,5\n\n2024-01-01T00:15:00Z,1.5,1,2,1.5,5\n`);
    expect(e.message).toMatch(/^hl\.csv: line 4 high: high 1 < low 2 \(and \d+ more problem\(s\)\)$/);
  });

  it('times out of order', async () => {
    const e = await inputError('order.csv', `${header}\n2024-01-01T00:15:00Z,1,2,1,1,5\n2024-01-01T00:00:00Z,1,2,1,1,5\n`);
    expect(e.message).toMatch(/^order\.csv: line 3 time: /);
  });

  it('a row with more fields than the header', async () => {
    expect((await inputError('wide.csv', `${header}\n2024-01-01T00:00:00Z,1,2,1,1,5,7\n`)).message).toBe('wide.csv: line 2: 7 field(s), the header has 6');
  });

  it('an unterminated quote', async () => {
    expect((await inputError('quote.csv', `${header}\n"2024-01-01T00:00:00Z,1,2,1,1,5\n`)).message).toBe('quote.csv: line 2: CSV: unterminated quoted field');
  });

  it('an empty file, and a header without rows', async () => {
    expect((await inputError('blank.csv', '\n\n')).message).toBe('blank.csv: empty file: expected a header line and candle rows');
    expect((await inputError('header.csv', `${header}\n`)).message).toBe('header.csv: no candle rows');
  });

  it('invalid JSON, and JSON of another shape', async () => {
    expect((await inputError('bad.json', '[{"ts": 1,')).message).toMatch(/^bad\.json: invalid JSON: /);
    expect((await inputError('shape.json', '{"rows": []}')).message).toBe('shape.json: expected an array of candle rows or { "candles": [...] }, got object { rows }');
  });

  it('a bad JSON row names its element', async () => {
    expect((await inputError('row.json', JSON.stringify({ candles: [[T0, 1, 2, 1, 1, 0], [T0 + M15, 1, 2, 1, 1, -3]] }))).message).toBe('row.json: candles[1] volume: volume is -3');
  });

  it('a missing file', async () => {
    await expect(readCandleFile(`${folder.dir}/none.csv`, 'none.csv', { timeframe: '15m' })).rejects.toMatchObject({ code: 'CLI_INPUT', message: 'none.csv: cannot read the file (ENOENT)' });
  });

  it('a file that is neither .csv nor .json (a usage error)', async () => {
    await expect(readCandleFile(`${folder.dir}/x.txt`, 'x.txt', { timeframe: '15m' })).rejects.toMatchObject({ code: 'CLI_USAGE', message: 'ingest: x.txt: expected a .csv or .json file' });
  });
});
