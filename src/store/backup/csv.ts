/**
 * The CSV codec of backups: RFC 4180, where an unquoted empty field is NULL and a quoted empty field is the empty
 * string, so that NULL and '' both survive the round trip.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { StoreError } from '../errors.js';

function csvField(v: string | null): string {
  if (v === null) return '';
  return v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * One CSV line (ending in `\n`) of fields; `null` as an unquoted empty field.
 *
 * @example
 * ```ts
 * csvLine(['a,b', null, '']) // => '"a,b",,""\n'
 * ```
 */
export function csvLine(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/**
 * Parses CSV text into rows of fields (`null` for an unquoted empty field). Throws `STORE_BACKUP` on an
 * unterminated quoted field, `InvalidParameterError` when `text` is not a string.
 *
 * @example
 * ```ts
 * parseCsv('"a,b",,""\n') // => [['a,b', null, '']]
 * ```
 */
export function parseCsv(text: string): (string | null)[][] {
  if (typeof text !== 'string') throw new InvalidParameterError('text', `expected CSV text, got ${describeValue(text)}`);
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new StoreError('STORE_BACKUP', 'CSV: unterminated quoted field');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n) row.push(null);
    } else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
