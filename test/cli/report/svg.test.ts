/** The report's SVG builders: ticks and scales by hand, coordinates of known points, escaping, and bad input. */
import { describe, expect, it } from 'vitest';
import { chartSize, drawFrame, linearScale, niceAxis, referenceLine } from '../../../src/cli/report/svg/axes.js';
import { barChart } from '../../../src/cli/report/svg/bar-chart.js';
import { intervalChart } from '../../../src/cli/report/svg/interval-chart.js';
import { lineChart } from '../../../src/cli/report/svg/line-chart.js';
import { coord, escapeXml, percent, utcMinute } from '../../../src/cli/report/svg/text.js';
import { InvalidParameterError } from '../../../src/core/errors.js';

function errorOf(run: () => unknown): InvalidParameterError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
    return e as InvalidParameterError;
  }
  throw new InvalidParameterError('run', 'did not throw');
}

const count = (svg: string, tag: string) => svg.split(`<${tag} `).length - 1;

describe('text', () => {
  it('escapes the five XML characters and writes numbers the same everywhere', () => {
    expect(escapeXml(`<a href="x">Tom's & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;');
    expect([coord(12.345), coord(-0.001), coord(3)]).toEqual(['12.35', '0.00', '3.00']);
    expect([percent(0.51234), percent(0.5, 0)]).toEqual(['51.2%', '50%']);
    expect(utcMinute(Date.UTC(2025, 0, 5, 14, 30))).toBe('2025-01-05 14:30');
  });
});

describe('axes', () => {
  it('chooses nice ticks (1, 2 or 5 times a power of ten) covering the data', () => {
    expect(niceAxis(0.43, 0.58, 4)).toEqual({ domain: [0.4, 0.6], ticks: [0.4, 0.45, 0.5, 0.55, 0.6] });
    expect(niceAxis(0, 1, 5)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceAxis(-3.2, 7.9, 5)).toEqual({ domain: [-5, 10], ticks: [-5, 0, 5, 10] });
    expect(niceAxis(0, 0)).toEqual({ domain: [-1, 1], ticks: [-1, -0.5, 0, 0.5, 1] });
    expect(niceAxis(2, 2).domain).toEqual([1.8, 2.2]);
    expect(niceAxis(1_736_000_000_000, 1_736_172_800_000, 6).ticks).toEqual([1.73600e12, 1.73605e12, 1.7361e12, 1.73615e12, 1.7362e12]);
  });

  it('maps a domain linearly onto a range, reversed ranges included', () => {
    expect(linearScale([0, 1], [50, 450])(0.25)).toBe(150);
    expect(linearScale([0, 10], [300, 100])(5)).toBe(200);
  });

  it('draws the frame and a labelled reference line where the scales put them', () => {
    const axis = { label: 'p', domain: [0, 1] as const, ticks: [0, 0.5, 1], format: String };
    const { x, y, parts } = drawFrame({ width: 400, height: 300, left: 50, right: 380, top: 50, bottom: 250 }, 'T', 'sub', axis, axis);
    expect([x(0.5), y(0.5)]).toEqual([215, 150]);
    expect(parts[0]!.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"')).toBe(true);
    expect(parts.join('\n')).toContain('>sub</text>');
    expect(referenceLine({ left: 50, right: 380 }, y, 0.5, 'a & b')).toContain('y1="150.00"');
    expect(referenceLine({ left: 50, right: 380 }, y, 0.5, 'a & b')).toContain('a &amp; b');
  });

  it('refuses bounds that are not finite or reversed, bad counts and sizes', () => {
    expect(errorOf(() => niceAxis(NaN, 1)).parameter).toBe('min');
    expect(errorOf(() => niceAxis(2, 1)).parameter).toBe('min');
    expect(errorOf(() => niceAxis(0, 1, 0)).parameter).toBe('count');
    expect(errorOf(() => niceAxis(0, 1, 2.5)).parameter).toBe('count');
    expect(errorOf(() => chartSize(100, 'width', 640)).parameter).toBe('options.width');
    expect(errorOf(() => chartSize('640', 'height', 360)).parameter).toBe('options.height');
    expect(chartSize(undefined, 'width', 640)).toBe(640);
  });
});

describe('lineChart', () => {
  const base = { title: 'Equity <all>', xLabel: 'days', yLabel: 'bp' };

  it('puts each point where the nice domains map it (plot area 64..620 x 36..316)', () => {
    const svg = lineChart({ ...base, series: [{ name: 'h1', points: [[0, 0], [0.5, 0.25], [1, 1]] }] });
    expect(svg).toContain('<path d="M64.00,316.00 L342.00,246.00 L620.00,36.00" fill="none"');
    expect(count(svg, 'circle')).toBe(3);
    expect(svg).toContain('<title>Equity &lt;all&gt;</title>');
    expect(svg).not.toContain('no data');
    expect(lineChart({ ...base, series: [{ name: 'h1', points: [[0, 0], [1, 1]] }] })).toBe(lineChart({ ...base, series: [{ name: 'h1', points: [[0, 0], [1, 1]] }] }));
  });

  it('draws a legend, the band under the lines, reference lines, and no dots beyond 60 points', () => {
    const many = Array.from({ length: 61 }, (_, i) => [i, Math.sin(i)] as const);
    const svg = lineChart({
      ...base,
      series: [{ name: 'a', points: many }, { name: 'b', points: [[0, 0], [60, 0.5]] }],
      band: { name: 'Wilson 95%', lower: [[0, -1], [60, -1]], upper: [[0, 1], [60, 1]] },
      references: [{ value: 0.5, label: 'chance' }],
    });
    expect(svg.match(/data-series="[^"]+"/g)).toEqual(['data-series="a"', 'data-series="b"']);
    expect(svg.indexOf('data-band')).toBeLessThan(svg.indexOf('data-series'));
    expect(count(svg, 'circle')).toBe(2);
    expect(svg).toContain('>chance</text>');
    expect(svg).toContain('>Wilson 95%</text>');
  });

  it('says "no data" when there is no point, and leaves out empty series', () => {
    const svg = lineChart({ ...base, series: [{ name: 'empty', points: [] }] });
    expect(svg).toContain('>no data</text>');
    expect(svg).not.toContain('data-series');
  });

  it('refuses unknown options, bad texts, points, bands, references and sizes', () => {
    const ok = { ...base, series: [{ name: 'a', points: [[0, 1]] as [number, number][] }] };
    const cases: [unknown, string][] = [
      [{ ...ok, colour: 'red' }, 'options.colour'],
      [{ ...ok, title: 3 }, 'options.title'],
      [{ ...ok, subtitle: null }, 'options.subtitle'],
      [{ ...ok, xLabel: undefined }, 'options.xLabel'],
      [{ ...ok, series: 'a' }, 'options.series'],
      [{ ...ok, series: [{ name: 'a', points: [[0, NaN]] }] }, 'options.series[0].points[0]'],
      [{ ...ok, series: [{ name: 'a', points: [[0]] }] }, 'options.series[0].points[0]'],
      [{ ...ok, series: [{ name: 7, points: [] }] }, 'options.series[0].name'],
      [{ ...ok, band: { name: 'b', lower: [[0, 0]], upper: [] } }, 'options.band.upper'],
      [{ ...ok, references: [{ value: Infinity, label: 'x' }] }, 'options.references[0].value'],
      [{ ...ok, width: 100 }, 'options.width'],
    ];
    for (const [options, parameter] of cases) expect(errorOf(() => lineChart(options as never)).parameter, parameter).toBe(parameter);
  });
});

describe('barChart', () => {
  it('draws one bar per item, its length proportional to its value from 0 (plot 210..580)', () => {
    const svg = barChart({ title: 'SHAP', xLabel: 'mean |SHAP|', bars: [{ label: 'rsi_14', value: 2 }, { label: 'natr_<14>', value: 1, detail: 'one' }] });
    expect(svg).toMatch(/<rect x="210.00" y="39.00" width="370.00" height="14" fill="#1f77b4" data-label="rsi_14">/);
    expect(svg).toMatch(/<rect x="210.00" y="59.00" width="185.00" height="14" fill="#1f77b4" data-label="natr_&lt;14&gt;"><title>one<\/title>/);
    expect(svg).toContain('height="124"');
  });

  it('says "no data" without bars and refuses bad bars and options', () => {
    expect(barChart({ title: 't', xLabel: 'x', bars: [] })).toContain('>no data</text>');
    const cases: [unknown, string][] = [
      [{ title: 't', xLabel: 'x', bars: [{ label: 'a', value: -1 }] }, 'options.bars[0].value'],
      [{ title: 't', xLabel: 'x', bars: [{ label: 'a', value: NaN }] }, 'options.bars[0].value'],
      [{ title: 't', xLabel: 'x', bars: [{ value: 1 }] }, 'options.bars[0].label'],
      [{ title: 't', xLabel: 'x', bars: {} }, 'options.bars'],
      [{ title: 't', bars: [] }, 'options.xLabel'],
      [{ title: 't', xLabel: 'x', bars: [], subtitle: 1 }, 'options.subtitle'],
      [{ title: 't', xLabel: 'x', bars: [], width: 5000 }, 'options.width'],
      [{ title: 't', xLabel: 'x', bars: [], height: 300 }, 'options.height'],
    ];
    for (const [options, parameter] of cases) expect(errorOf(() => barChart(options as never)).parameter, parameter).toBe(parameter);
  });
});

describe('intervalChart', () => {
  it('spaces the categories evenly and draws each estimate inside its interval (plot 64..620 x 50..316)', () => {
    const svg = intervalChart({
      title: 'Accuracy',
      subtitle: 'Wilson',
      yLabel: 'accuracy',
      points: [{ label: '15m h1', value: 0.5, lower: 0.4, upper: 0.6 }, { label: '1h h1', value: 0.6, lower: 0.5, upper: 0.7 }],
      references: [{ value: 0.65, label: 'gate' }],
    });
    // y domain [0.4, 0.7] by niceAxis: y(v) = 316 - (v - 0.4) / 0.3 * 266.
    expect(svg).toContain(`<circle cx="203.00" cy="${(316 - (0.1 / 0.3) * 266).toFixed(2)}" r="4.5" fill="#1f77b4" data-label="15m h1"/>`);
    expect(svg).toContain('<circle cx="481.00"');
    expect(svg).toContain('>gate</text>');
  });

  it('says "no data" without points and refuses points out of order and bad options', () => {
    expect(intervalChart({ title: 't', yLabel: 'y', points: [] })).toContain('>no data</text>');
    const cases: [unknown, string][] = [
      [{ title: 't', yLabel: 'y', points: [{ label: 'a', value: 0.3, lower: 0.4, upper: 0.6 }] }, 'options.points[0]'],
      [{ title: 't', yLabel: 'y', points: [{ label: 'a', value: 0.5, lower: 0.4, upper: NaN }] }, 'options.points[0]'],
      [{ title: 't', yLabel: 'y', points: [{ value: 0.5, lower: 0.4, upper: 0.6 }] }, 'options.points[0].label'],
      [{ title: 't', yLabel: 'y', points: null }, 'options.points'],
      [{ title: 't', yLabel: 'y', points: [], references: [{ value: 'x', label: 'l' }] }, 'options.references[0]'],
      [{ yLabel: 'y', points: [] }, 'options.title'],
      [{ title: 't', yLabel: 'y', points: [], size: 3 }, 'options.size'],
    ];
    for (const [options, parameter] of cases) expect(errorOf(() => intervalChart(options as never)).parameter, parameter).toBe(parameter);
  });
});
