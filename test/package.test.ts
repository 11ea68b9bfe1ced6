import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../scripts/entries.js';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package', () => {
  it('exports exactly the built entry points, each for import and require with types', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([...ENTRIES.flatMap((e) => (e.subpath ? [e.subpath] : [])), './package.json'].sort());
    for (const e of ENTRIES.filter((x) => x.subpath)) {
      expect(pkg.exports[e.subpath!]).toEqual({
        import: { types: `./dist/${e.out}.d.ts`, default: `./dist/${e.out}.js` },
        require: { types: `./dist/${e.out}.d.cts`, default: `./dist/${e.out}.cjs` },
      });
    }
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
  });

  it('loads from the build with import() and require() under plain Node', () => {
    const esm = execFileSync(process.execPath, ['-e', "import('@alpha-v4/core').then(m => console.log(typeof m.candlesFromRows, typeof m.rsi))"], { cwd: root }).toString();
    expect(esm.trim()).toBe('function function');
    const cjs = execFileSync(process.execPath, ['-e', "const m = require('@alpha-v4/core/indicators'); console.log(typeof m.RsiStream, m.INDICATORS.length > 0)"], { cwd: root }).toString();
    expect(cjs.trim()).toBe('function true');
  });
});

/** The runtime-agnostic core must run in plv8: no node: modules and no Web-only globals. */
const PORTABLE = ['core', 'indicators', 'features', 'synthetic', 'labels', 'calibration', 'sizing', 'ensemble'];
const FORBIDDEN = [/from ['"]node:/, /require\(/, /\bTextEncoder\b/, /\bTextDecoder\b/, /\bstructuredClone\b/, /\bsetTimeout\b/, /\bsetInterval\b/, /\bBuffer\b/, /\bfetch\(/, /\bcrypto\./, /\bprocess\./];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.node.ts') ? [p] : [];
  });
}

describe('runtime-agnostic modules', () => {
  const files = PORTABLE.flatMap((m) => {
    try {
      return sources(join(root, 'src', m));
    } catch {
      return [];
    }
  });
  it('exist', () => expect(files.length).toBeGreaterThan(10));
  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s uses no Node or Web-only API', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    for (const pattern of FORBIDDEN) expect(text, `${pattern}`).not.toMatch(pattern);
  });
});
