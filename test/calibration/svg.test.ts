import { describe, expect, it } from 'vitest';
import { reliabilityDiagram, renderReliabilityDiagram } from '../../src/calibration/index.js';
import { fixtures } from './fixtures.js';

const c = fixtures.cases.find((x) => x.name === 'over_confident')!;
const data = reliabilityDiagram(c.labels, c.scores, { bins: 10 });

/** The tags of an XML document balance (a check without a parser: no DOM in the tests either). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('renderReliabilityDiagram', () => {
  const svg = renderReliabilityDiagram(data);

  it('is a standalone SVG document with balanced tags', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="540" viewBox="0 0 480 540"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('shows the ECE in the title, the diagonal, one point with its interval and one count bar per bin', () => {
    expect(svg).toContain(`Reliability diagram: ECE ${data.ece.toFixed(4)}</text>`);
    expect(svg).toContain(`MCE ${data.mce.toFixed(4)} · 10 equal-width bins · n = ${c.scores.length}`);
    expect(svg).toContain('stroke-dasharray="5 4"');
    expect(svg.match(/<circle /g)).toHaveLength(data.bins.length);
    expect(svg.match(/<rect [^>]*fill="#9ecae1"/g)).toHaveLength(data.bins.length);
    for (const b of data.bins) expect(svg).toContain(`<title>${b.count} samples</title>`);
  });

  it('is deterministic', () => {
    expect(renderReliabilityDiagram(reliabilityDiagram(c.labels, c.scores, { bins: 10 }))).toBe(svg);
  });

  it('escapes the title and honours the size', () => {
    const out = renderReliabilityDiagram(data, { title: 'A <b> & "c"', width: 640, height: 700 });
    expect(out).toContain('A &lt;b&gt; &amp; &quot;c&quot;: ECE');
    expect(out).toContain('viewBox="0 0 640 700"');
    expect(balanced(out)).toBe(true);
  });

  it('draws equal-mass bins and a single bin', () => {
    const mass = renderReliabilityDiagram(reliabilityDiagram(c.labels, c.scores, { bins: 10, binning: 'equal-mass' }));
    expect(mass).toContain('10 equal-mass bins');
    expect(balanced(mass)).toBe(true);
    const one = renderReliabilityDiagram(reliabilityDiagram([0, 1], [0.4, 0.4], { bins: 1 }));
    expect(one.match(/<circle /g)).toHaveLength(1);
    expect(one).not.toMatch(/NaN/);
  });
});
