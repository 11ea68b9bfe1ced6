/**
 * The worked example of docs/sizing.md: its code's printed results are what the code returns now, and every value of
 * its table is recomputed here, by hand (the formula of each row), and matches the policy's decision.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawdownFromEquity } from '../../src/sizing/drawdown.js';
import { estimatePayoff } from '../../src/sizing/payoff.js';
import { createSizingPolicy, type SizingDecision } from '../../src/sizing/policy.js';

const doc = readFileSync(new URL('../../docs/sizing.md', import.meta.url), 'utf8');

const payoff = estimatePayoff([0.03, -0.02, 0.04, -0.03, 0.02, 0, -0.025]);
const drawdown = drawdownFromEquity([10_000, 10_800, 9_450, 9_180]);
const size = (gross: number, pUp = 0.62) => createSizingPolicy().size({ pUp, payoff, volatility: 0.8, drawdown, exposure: { symbol: 0.1, gross } });
const decision = size(0.5);

/** How the docs print a decision (as Node's util.inspect does on one line). */
const printed = (d: SizingDecision) => `{ ${Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : v}`).join(', ')} }`;

/** The table's rows, by step: the value printed. */
function table(): Map<string, number> {
  const body = /<!-- worked-example[^>]*-->\n([\s\S]*?)<!-- \/worked-example -->/.exec(doc)?.[1];
  expect(body).toBeDefined();
  const rows = body!.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| step') && !line.startsWith('| ---'));
  return new Map(rows.map((line) => line.split('|').map((cell) => cell.trim())).map((cells) => [cells[1]!, Number(cells[3])]));
}

describe('docs/sizing.md worked example', () => {
  it('prints what the code returns', () => {
    expect(doc).toContain(`estimatePayoff([0.03, -0.02, 0.04, -0.03, 0.02, 0, -0.025]); // => ${payoff} `);
    expect(doc).toContain(`drawdownFromEquity([10_000, 10_800, 9_450, 9_180]);        // => ${drawdown} `);
    expect(doc).toContain(`// => ${printed(decision)}\n`);
    const leveraged = size(0.98);
    expect(doc).toContain(`\`size: ${leveraged.size}\``);
    expect(leveraged.capped).toBe('leverage');
    expect(size(0.5, 0.38)).toMatchObject({ direction: -1, size: decision.size });
    expect(size(0.5, 0.53).size).toBe(0);
  });

  it('has a table whose every value is right to its printed digits', () => {
    // Each row by hand, from the numbers of the example (payoff 0.03 / 0.025, drawdown 1 - 9180 / 10800).
    const kelly = 0.62 - 0.38 / 1.2;
    const throttle = (0.25 - 0.15) / (0.25 - 0.1);
    const before = 0.25 * kelly * 0.625 * throttle;
    const hand = new Map<string, number>([
      ['direction', 1],
      ['confidence', 0.62],
      ['kelly', kelly],
      ['fractional Kelly', 0.25 * kelly],
      ['volatilityScale', 0.5 / 0.8],
      ['throttle', throttle],
      ['before the caps', before],
      ['symbol cap', 0.9],
      ['leverage cap', 0.5],
      ['size', Math.min(before, 1, 0.9, 0.5)],
    ]);
    const rows = table();
    expect([...rows.keys()]).toEqual([...hand.keys()]);
    for (const [step, value] of hand) expect(rows.get(step), step).toBe(Number(value.toPrecision(6)));
    // ... and the policy agrees with the hand computation.
    expect(decision.kelly).toBeCloseTo(kelly, 12);
    expect(decision.throttle).toBeCloseTo(throttle, 12);
    expect(decision.size).toBeCloseTo(before, 12);
  });
});
