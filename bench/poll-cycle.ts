/**
 * One poll-cycle measurement, run in a fresh process so that peak RSS belongs to it alone.
 * Usage: node bin/run-ts.js bench/poll-cycle.ts <mode> <port> <feeds> [database URL]
 * Prints one JSON line: cold and warm wall time, CPU seconds, items, peak RSS.
 *
 * - baseline: a plain loop of undici fetch + rss-parser parseString over the same feeds with the
 *   same concurrency, nothing else.
 * - pipeline: the real Radar path (createRadar → pollOnce: fetch, decode, parse, dedupe against
 *   the store, score, route, store, deliver to a discarding console) on a fresh SQLite file.
 * - postgres: the same on the PostgreSQL database at the URL (created empty by the caller).
 * - instance: one of several instances on that database, started together: prints READY, then on
 *   each line `cold` / `warm` from stdin polls the due feeds as `radar poll --once` does (claiming
 *   them in batches, `poll.batch`, so that the instances share them), and prints that cycle's
 *   figures. The warm cycle runs a day later on Radar's clock, so that every feed is due again
 *   (and answers 304).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { Agent, request } from 'undici';
import { createRadar } from '../src/app.ts';
import { parseConfig, PROJECT_ROOT } from '../src/config/index.ts';
import { silentLogger } from '../src/shared/logger.ts';

const [mode, portText, feedsText, databaseUrl] = process.argv.slice(2);
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

function configYaml(dir: string, database: string, batch = 1_000): string {
  return `
database: ${JSON.stringify(database)}
poll: { concurrency: ${CONCURRENCY}, jitter: 0, batch: ${batch} }
fetch: { perHostConcurrency: ${CONCURRENCY}, articlesPerCycle: 0 }   # feed polling only; the corpus links to real pages (no network)
topics: [{ id: cartel-sovereignty, file: ${JSON.stringify(resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'))} }]
channels: [{ id: console, adapter: console, topics: [cartel-sovereignty] }]
feeds:
${Array.from({ length: feeds }, (_, n) => `  - { id: f${n}, url: "${url(n)}" }`).join('\n')}
`;
}

async function pipeline(database: string | null) {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-'));
  try {
    const config = parseConfig(configYaml(dir, database ?? join(dir, 'bench.sqlite')), join(dir, 'bench.yaml'));
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

/** Feeds each claim takes: one cycle's worth, a few times the fetch concurrency. */
const CLAIM_BATCH = 100;

async function claimingInstance(database: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-'));
  try {
    const config = parseConfig(configYaml(dir, database, CLAIM_BATCH), join(dir, 'bench.yaml'));
    let offset = 0;
    const clock = () => Date.now() + offset;
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const radar = await createRadar(config, { logger: silentLogger(), consoleOut: sink, clock });
    const cycle = async () => (await radar.pollOnce({ onlyDue: true })).reduce((n, r) => n + r.parsed, 0);
    process.stdout.write('READY\n');
    for await (const line of createInterface({ input: process.stdin })) {
      if (line === 'warm') offset += 86_400_000;
      const { value, wallS, cpuS } = await timed(cycle);
      process.stdout.write(`${JSON.stringify({ cycle: line, items: value, wallS, cpuS })}\n`);
      if (line === 'warm') break;
    }
    await radar.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (mode === 'instance') {
  await claimingInstance(databaseUrl!);
} else {
  const result = mode === 'baseline' ? await baseline() : await pipeline(mode === 'postgres' ? databaseUrl! : null);
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
}
