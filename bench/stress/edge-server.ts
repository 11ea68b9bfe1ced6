/**
 * The Edge handler (supabase/functions/_shared/handler.ts) served over HTTP by Node on 127.0.0.1, for the stress
 * suite: one `predictionHandler` per market, as the six deployed functions (each its own store: a pool of 3
 * connections on `SUPABASE_DB_URL`), behind `POST /functions/v1/predict-<symbol>-<timeframe>`. `GET /__stats` gives
 * this process's CPU time and memory. Run by bench/stress/http.ts as a child process:
 *
 *   node --import tsx bench/stress/edge-server.ts   (env STRESS_DB_URL, STRESS_SECRET, STRESS_MARKETS as JSON)
 *
 * It prints `listening <port>` once ready, and exits when its stdin closes (the suite ended or died) or after
 * STRESS_LIFETIME_MS (default 15 minutes) in any case.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ENTRIES } from '../../scripts/entries.js';
import type { Market } from '../../src/pipeline/index.js';

const root = new URL('../../', import.meta.url);
const map = Object.fromEntries(ENTRIES.filter((e) => e.subpath !== undefined).map((e) => [`@alpha-v4/core${e.subpath!.slice(1)}`, new URL(e.src, root).href]));
register('./alias-hook.mjs', { parentURL: import.meta.url, data: { map } });
const { predictionHandler } = (await import(pathToFileURL(new URL('supabase/functions/_shared/handler.ts', root).pathname).href)) as typeof import('../../supabase/functions/_shared/handler.ts');

const markets = JSON.parse(process.env.STRESS_MARKETS ?? '[]') as Market[];
const env = { SUPABASE_DB_URL: process.env.STRESS_DB_URL, ALPHA_V4_FUNCTION_SECRET: process.env.STRESS_SECRET, ALPHA_V4_BUDGET_MS: process.env.STRESS_BUDGET_MS };
const handlers = new Map(markets.map((m) => [`/functions/v1/predict-${m.symbol.toLowerCase()}-${m.timeframe}`, predictionHandler({ markets: [m], env })]));

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/__stats') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.memoryUsage().rss / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const handler = handlers.get(path);
  if (handler === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', reason: path }));
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
  const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: payload }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const server = createServer((req, res) => {
  serve(req, res).catch((e: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'server', reason: String(e) }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : '?'}\n`);
});
const stop = () => process.exit(0);
process.stdin.on('end', stop).on('close', stop).resume();
setTimeout(stop, Number(process.env.STRESS_LIFETIME_MS ?? 900_000)).unref();
