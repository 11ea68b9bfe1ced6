/**
 * Stress part 1: concurrent prediction requests to the Edge handler over HTTP on 127.0.0.1 (bench/stress/edge-server.ts
 * in a child process, the six markets' functions). `requests` POSTs, round-robin over the six functions, at most
 * `concurrency` in flight (one keep-alive socket each), each bounded by a timeout. Latency percentiles, errors by
 * kind, throughput, and the server process's CPU time per request and memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Market } from '../../src/pipeline/index.js';
import { median, nowMs, quantile } from '../lib/stats.js';

/** What {@link stressHttp} measured. */
export interface HttpResult {
  readonly requests: number;
  readonly concurrency: number;
  /** Highest number of requests in flight at once. */
  readonly maxInFlight: number;
  readonly wallMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  /** Errors by status code or exception message. */
  readonly errorKinds: Record<string, number>;
  readonly throughputRps: number;
  /** The first request of each function (its store and registry opened: a cold start), median. */
  readonly coldMs: number;
  /** Server CPU (user + system) during the load, per request. */
  readonly serverCpuMsPerRequest: number;
  /** Server CPU during the load over its wall time: cores busy. */
  readonly serverCores: number;
  readonly serverRssMB: number;
  readonly serverMaxRssMB: number;
  /** The whole machine's busy CPU during the load, over wall time, less the server's and this process's: cores PostgreSQL (and anything else running) kept busy. */
  readonly otherCores: number;
  /** This process's (the load generator's) CPU over wall time. */
  readonly clientCores: number;
}

/** Busy CPU milliseconds of the whole machine since boot (every core: user, nice, sys, irq). */
function machineBusyMs(): number {
  return cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

interface Reply {
  status: number;
  body: string;
}

/** One HTTP request on `agent`; rejects after `timeoutMs`. */
function send(agent: Agent, port: number, method: string, path: string, body: string | undefined, headers: Record<string, string>, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts the server; resolves with its port once it listens. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./edge-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Edge server did not start within 60 s')), 60_000);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Edge server exited with code ${code} before listening: ${out}`));
    });
  });
}

/**
 * Fires `requests` prediction requests at the Edge handler (bounded: each request times out after `timeoutMs`),
 * after one untimed cold request per function.
 */
export async function stressHttp(o: { dbUrl: string; markets: readonly Market[]; now: number; requests: number; concurrency: number; timeoutMs: number }): Promise<HttpResult> {
  const secret = 'stress-function-secret-0123456789';
  const { child, port } = await startServer({ STRESS_DB_URL: o.dbUrl, STRESS_SECRET: secret, STRESS_MARKETS: JSON.stringify(o.markets) });
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ now: o.now });
  const paths = o.markets.map((m) => `/functions/v1/predict-${m.symbol.toLowerCase()}-${m.timeframe}`);
  const stats = async () => JSON.parse((await send(agent, port, 'GET', '/__stats', undefined, {}, o.timeoutMs)).body) as { cpuMs: number; rssMB: number; maxRssMB: number };
  try {
    const cold: number[] = [];
    for (const path of paths) {
      const t0 = nowMs();
      const r = await send(agent, port, 'POST', path, body, headers, o.timeoutMs);
      cold.push(nowMs() - t0);
      if (r.status !== 200) throw new Error(`cold request to ${path}: ${r.status} ${r.body.slice(0, 300)}`);
    }
    const before = await stats();
    const busy0 = machineBusyMs();
    const client0 = process.cpuUsage();
    const latencies: number[] = [];
    const errorKinds: Record<string, number> = {};
    let next = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const t0 = nowMs();
    const lane = async () => {
      while (next < o.requests) {
        const path = paths[next++ % paths.length]!;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const s = nowMs();
        try {
          const r = await send(agent, port, 'POST', path, body, headers, o.timeoutMs);
          if (r.status === 200) latencies.push(nowMs() - s);
          else {
            const kind = `${r.status} ${(/"error":"([^"]+)"/.exec(r.body)?.[1] ?? '').trim()}`;
            errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
          }
        } catch (e) {
          const kind = (e as Error).message.slice(0, 80);
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.requests) }, lane));
    const wallMs = nowMs() - t0;
    const client = process.cpuUsage(client0);
    const busyMs = machineBusyMs() - busy0;
    const after = await stats();
    const clientMs = (client.user + client.system) / 1000;
    const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
    return {
      requests: o.requests,
      concurrency: o.concurrency,
      maxInFlight,
      wallMs,
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies.length ? Math.max(...latencies) : NaN,
      errors,
      errorKinds,
      throughputRps: (o.requests / wallMs) * 1000,
      coldMs: median(cold),
      serverCpuMsPerRequest: (after.cpuMs - before.cpuMs) / o.requests,
      serverCores: (after.cpuMs - before.cpuMs) / wallMs,
      serverRssMB: after.rssMB,
      serverMaxRssMB: after.maxRssMB,
      otherCores: Math.max(0, busyMs - (after.cpuMs - before.cpuMs) - clientMs) / wallMs,
      clientCores: clientMs / wallMs,
    };
  } finally {
    agent.destroy();
    child.stdin!.end();
    child.kill('SIGTERM');
  }
}
