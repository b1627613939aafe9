/**
 * Poll-cycle benchmark: 1,000 feeds × 50 items served from 127.0.0.1 by a separate process, cold
 * (all new) and warm (all 304): a plain fetch + rss-parser loop (baseline), Radar on SQLite, Radar
 * on PostgreSQL as one instance (the same single cycle), and as one and as three instances polling
 * one database, claiming due feeds in batches (each instance its own process, started together).
 * Each measurement runs in fresh processes on a fresh database (PostgreSQL: one created and dropped
 * per run, on BENCH_DATABASE_URL's server, default the test server); medians of several runs.
 * Prints, asserts nothing.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.RADAR_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

interface CycleResult { coldItems: number; coldWallS: number; coldCpuS: number; warmWallS: number; warmCpuS: number; peakRssMb: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function runCycle(mode: string, port: number, database?: string): CycleResult {
  const args = ['bin/run-ts.js', 'bench/poll-cycle.ts', mode, String(port), String(FEEDS), ...(database ? [database] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as CycleResult;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs `fn` on a new, empty database on the server, dropped afterwards. */
async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `radar_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin(`DROP DATABASE ${name} WITH (FORCE)`);
  }
}

/** `count` instances on one database: cold then warm, each cycle timed from the go to the last instance done. */
async function runInstances(count: number, port: number, database: string): Promise<CycleResult> {
  const children: ChildProcess[] = [];
  const lines: Interface[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/poll-cycle.ts', 'instance', String(port), String(FEEDS), database], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      lines.push(createInterface({ input: child.stdout! }));
    }
    const next = (i: number) => once(lines[i]!, 'line').then(([line]) => String(line));
    await Promise.all(children.map((_, i) => next(i))); // READY
    const cycle = async (name: string) => {
      const t0 = performance.now();
      const answers = children.map((_, i) => next(i));
      for (const child of children) child.stdin!.write(`${name}\n`);
      const results = (await Promise.all(answers)).map((line) => JSON.parse(line) as { items: number; cpuS: number });
      return { wallS: (performance.now() - t0) / 1000, items: results.reduce((n, r) => n + r.items, 0), cpuS: results.reduce((n, r) => n + r.cpuS, 0) };
    };
    const cold = await cycle('cold');
    const warm = await cycle('warm');
    const exits = children.map((child) => once(child, 'exit'));
    for (const child of children) child.stdin!.end();
    await Promise.all(exits);
    return { coldItems: cold.items, coldWallS: cold.wallS, coldCpuS: cold.cpuS, warmWallS: warm.wallS, warmCpuS: warm.cpuS, peakRssMb: Number.NaN };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function postgresAnswers(): Promise<string | null> {
  try {
    await admin('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function benchPoll(): Promise<void> {
  const server = spawn(process.execPath, ['bin/run-ts.js', 'bench/feed-server.ts', String(FEEDS), String(ITEMS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = createInterface({ input: server.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const port = Number(first.replace('PORT ', ''));
    const absent = await postgresAnswers();
    const sides: Array<{ name: string; label: string; run: () => Promise<CycleResult> }> = [
      { name: 'baseline', label: 'baseline (fetch + rss-parser)', run: async () => runCycle('baseline', port) },
      { name: 'sqlite', label: 'Radar, SQLite', run: async () => runCycle('pipeline', port) },
    ];
    if (absent === null) {
      sides.push(
        { name: 'pg', label: 'Radar, PostgreSQL, 1 instance (one cycle)', run: () => withDatabase(async (url) => runCycle('postgres', port, url)) },
        { name: 'pg1', label: 'Radar, PostgreSQL, 1 instance claiming', run: () => withDatabase((url) => runInstances(1, port, url)) },
        { name: 'pg3', label: 'Radar, PostgreSQL, 3 instances claiming', run: () => withDatabase((url) => runInstances(3, port, url)) },
      );
    }
    const runs = new Map<string, CycleResult[]>(sides.map((s) => [s.name, []]));
    for (let i = 0; i < RUNS; i++) for (const side of sides) runs.get(side.name)!.push(await side.run());
    const m = (name: string, key: keyof CycleResult) => median(runs.get(name)!.map((r) => r[key]));
    console.log(`\n## Poll cycle: ${FEEDS} feeds × ${ITEMS} items on 127.0.0.1 (median of ${RUNS} runs, each in fresh processes on a fresh database)`);
    console.log('| side | cold items | cold wall s | cold items/s | cold CPU s | warm wall s | warm CPU s | peak RSS MB |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const { name, label } of sides) {
      const rss = m(name, 'peakRssMb');
      console.log(`| ${label} | ${m(name, 'coldItems')} | ${m(name, 'coldWallS').toFixed(2)} | ${Math.round(m(name, 'coldItems') / m(name, 'coldWallS'))} | ${m(name, 'coldCpuS').toFixed(2)} | ${m(name, 'warmWallS').toFixed(3)} | ${m(name, 'warmCpuS').toFixed(3)} | ${Number.isNaN(rss) ? '—' : rss.toFixed(0)} |`);
    }
    console.log('CPU s: the Radar processes\' own (the feed server and PostgreSQL apart); 3 instances: summed.');
    console.log(`cold ratio SQLite/baseline: wall ${(m('sqlite', 'coldWallS') / m('baseline', 'coldWallS')).toFixed(2)}, CPU ${(m('sqlite', 'coldCpuS') / m('baseline', 'coldCpuS')).toFixed(2)} (goal ≤ 1.5)`);
    console.log(`warm cycle on SQLite (all 304): ${m('sqlite', 'warmWallS').toFixed(3)} s for ${FEEDS} feeds (goal < 1 s); peak RSS ${m('sqlite', 'peakRssMb').toFixed(0)} MB (goal < 250 MB)`);
    if (absent !== null) {
      console.log(`PostgreSQL: not measured, no server answers at ${SERVER_URL.replace(/:[^:@/]*@/, ':***@')} (${absent}); set BENCH_DATABASE_URL`);
      return;
    }
    console.log(`cold PostgreSQL (1 instance, one cycle) / SQLite: ${(m('pg', 'coldWallS') / m('sqlite', 'coldWallS')).toFixed(2)} (goal ≤ 1.5)`);
    console.log(`cold 3 instances / 1 instance, claiming: ${(m('pg3', 'coldWallS') / m('pg1', 'coldWallS')).toFixed(2)} (goal ≤ 1.0); warm: ${m('pg', 'warmWallS').toFixed(3)} s, ${m('pg1', 'warmWallS').toFixed(3)} s, ${m('pg3', 'warmWallS').toFixed(3)} s (goal < 1 s)`);
  } finally {
    server.kill('SIGTERM');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPoll();
