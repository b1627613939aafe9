/**
 * One poll-cycle measurement, run in a fresh process so that peak RSS belongs to it alone.
 * Usage: node bin/run-ts.js bench/poll-cycle.ts <pipeline|baseline> <port> <feeds>
 * Prints one JSON line: cold and warm wall time, CPU seconds, items, peak RSS.
 *
 * - pipeline: the real Radar path (createRadar → pollOnce: fetch, decode, parse, dedupe against
 *   SQLite, score, route, store, deliver to a discarding console) on a fresh SQLite file.
 * - baseline: a plain loop of undici fetch + rss-parser parseString over the same feeds with the
 *   same concurrency, nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { Agent, request } from 'undici';
import { createRadar } from '../src/app.ts';
import { parseConfig, PROJECT_ROOT } from '../src/config/index.ts';
import { silentLogger } from '../src/shared/logger.ts';

const [mode, portText, feedsText] = process.argv.slice(2);
const port = Number(portText);
const feeds = Number(feedsText ?? 1000);
const CONCURRENCY = 32;
const url = (n: number) => `http://127.0.0.1:${port}/feed/${n}.xml`;

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  return { value, wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds(cpu) };
}

async function baseline() {
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const parser = new Parser();
  const limit = pLimit(CONCURRENCY);
  const etags = new Map<number, string>();
  const cycle = async () => {
    let items = 0;
    await Promise.all(Array.from({ length: feeds }, (_, n) => limit(async () => {
      const headers: Record<string, string> = etags.has(n) ? { 'if-none-match': etags.get(n)! } : {};
      const res = await request(url(n), { dispatcher: agent, headers });
      const text = await res.body.text();
      if (res.statusCode === 304) return;
      etags.set(n, String(res.headers.etag));
      items += (await parser.parseString(text)).items.length;
    })));
    return items;
  };
  const cold = await timed(cycle);
  const warm = await timed(cycle);
  await agent.close();
  return { cold, warm };
}

async function pipeline() {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-'));
  try {
    const yaml = `
database: ${JSON.stringify(join(dir, 'bench.sqlite'))}
poll: { concurrency: ${CONCURRENCY} }
fetch: { perHostConcurrency: ${CONCURRENCY}, articlesPerCycle: 0 }   # feed polling only; the corpus links to real pages (no network)
topics: [{ id: cartel-sovereignty, file: ${JSON.stringify(resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'))} }]
channels: [{ id: console, adapter: console, topics: [cartel-sovereignty] }]
feeds:
${Array.from({ length: feeds }, (_, n) => `  - { id: f${n}, url: "${url(n)}" }`).join('\n')}
`;
    const config = parseConfig(yaml, join(dir, 'bench.yaml'));
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const radar = await createRadar(config, { logger: silentLogger(), consoleOut: sink });
    const cycle = async () => (await radar.pollOnce()).reduce((n, r) => n + r.parsed, 0);
    const cold = await timed(cycle);
    const warm = await timed(cycle);
    await radar.stop();
    return { cold, warm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const result = mode === 'baseline' ? await baseline() : await pipeline();
process.stdout.write(`${JSON.stringify({
  mode,
  feeds,
  coldItems: result.cold.value,
  coldWallS: result.cold.wallS,
  coldCpuS: result.cold.cpuS,
  warmWallS: result.warm.wallS,
  warmCpuS: result.warm.cpuS,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`);
