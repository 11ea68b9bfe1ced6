import { FEATURES } from '../src/features/compute.js';
import type { TalibRef } from '../src/features/types.js';

function talibText(t: TalibRef | undefined): string {
  if (t === undefined) return '-';
  const opts = Object.entries(t.options).map(([k, v]) => `${k.replace(/^optIn/, '')}=${v}`).join(', ');
  const inputs = t.inputs ? ` on ${Object.entries(t.inputs).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
  return `\`${t.fn}(${opts})${t.output ? `.${t.output}` : ''}\`${inputs}`;
}

/** docs/features.md, generated from the catalogue (`npm run docs`; test/docs.test.ts fails when it is stale). */
export function featureDocs(): string {
  const groups = [...new Set(FEATURES.map((f) => f.group))];
  const lines = [
    '# Feature catalogue',
    '',
    '<!-- Generated from the catalogue by `npm run docs`; test/docs.test.ts fails when this file is out of date. -->',
    '',
    `${FEATURES.length} features. Each name is stable, snake_case and equal to its database column name. \`lookback\` is the`,
    'number of candles before the first defined value. A TA-Lib equivalent, where given, is checked for exact parity by',
    'the test suite. Every feature at candle t uses only candles at or before t (tested at random cut points), and',
    'streaming equals batch bit for bit.',
    '',
    `Groups: ${groups.map((g) => `[${g}](#${g.replace(/_/g, '-')})`).join(' · ')}`,
  ];
  for (const g of groups) {
    lines.push('', `## ${g.replace(/_/g, '-')}`, '', '| name | formula | scale | lookback | TA-Lib equivalent |', '| --- | --- | --- | --- | --- |');
    for (const f of FEATURES.filter((x) => x.group === g)) {
      lines.push(`| \`${f.name}\` | ${f.description.replace(/\|/g, '\\|')} | ${f.scale} | ${f.lookback} | ${talibText(f.talib)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
