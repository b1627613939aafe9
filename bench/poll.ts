/**
 * Poll-cycle benchmark: 1,000 feeds × 50 items served from 127.0.0.1 by a separate process; the
 * full pipeline against a plain fetch + rss-parser loop, cold (all new) and warm (all 304).
 * Each side runs in a fresh process; the median of several runs is printed. Prints, asserts nothing.
 */
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface CycleResult { coldItems: number; coldWallS: number; coldCpuS: number; warmWallS: number; warmCpuS: number; peakRssMb: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function runCycle(mode: string, port: number): CycleResult {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/poll-cycle.ts', mode, String(port), String(FEEDS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as CycleResult;
}

export async function benchPoll(): Promise<void> {
  const server = spawn(process.execPath, ['bin/run-ts.js', 'bench/feed-server.ts', String(FEEDS), String(ITEMS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = createInterface({ input: server.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const port = Number(first.replace('PORT ', ''));
    const runs: Record<string, CycleResult[]> = { baseline: [], pipeline: [] };
    for (let i = 0; i < RUNS; i++) for (const mode of ['baseline', 'pipeline']) runs[mode]!.push(runCycle(mode, port));
    const m = (mode: string, key: keyof CycleResult) => median(runs[mode]!.map((r) => r[key]));
    console.log(`\n## Poll cycle: ${FEEDS} feeds × ${ITEMS} items on 127.0.0.1 (median of ${RUNS} runs, each in a fresh process)`);
    console.log('| side | cold items | cold wall s | cold items/s | cold CPU s | warm wall s | warm CPU s | peak RSS MB |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const mode of ['baseline', 'pipeline']) {
      console.log(`| ${mode} | ${m(mode, 'coldItems')} | ${m(mode, 'coldWallS').toFixed(2)} | ${Math.round(m(mode, 'coldItems') / m(mode, 'coldWallS'))} | ${m(mode, 'coldCpuS').toFixed(2)} | ${m(mode, 'warmWallS').toFixed(3)} | ${m(mode, 'warmCpuS').toFixed(3)} | ${m(mode, 'peakRssMb').toFixed(0)} |`);
    }
    console.log(`cold ratio pipeline/baseline: wall ${(m('pipeline', 'coldWallS') / m('baseline', 'coldWallS')).toFixed(2)}, CPU ${(m('pipeline', 'coldCpuS') / m('baseline', 'coldCpuS')).toFixed(2)} (goal ≤ 1.5)`);
    console.log(`warm cycle (all 304): ${m('pipeline', 'warmWallS').toFixed(3)} s for ${FEEDS} feeds (goal < 1 s); peak RSS ${m('pipeline', 'peakRssMb').toFixed(0)} MB (goal < 250 MB)`);
  } finally {
    server.kill('SIGTERM');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPoll();
