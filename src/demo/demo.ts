/**
 * `radar demo`: the real pipeline (fetch, parse, store, score, route, deliver) on the bundled
 * sample feeds served from 127.0.0.1, into the console adapter, with a throwaway database.
 * Works with no network at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { createRadar } from '../app.ts';
import { parseConfig, PROJECT_ROOT } from '../config/index.ts';
import type { Logger } from '../shared/logger.ts';
import { SAMPLE_FEEDS } from './samples.ts';
import { startSampleServer } from './sample-server.ts';

export interface DemoOptions {
  out: Writable;
  logger: Logger;
  /** Keep polling while the sample server publishes new items, until `signal` aborts. */
  watch?: { signal: AbortSignal; publishEveryMs?: number };
}

export async function runDemo(options: DemoOptions): Promise<{ alerts: number; feeds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'radar-demo-'));
  const server = await startSampleServer();
  try {
    const yaml = `
database: ${JSON.stringify(join(dir, 'demo.sqlite'))}
poll: { interval: 5s, tick: "*/2 * * * * *", jitter: 0 }
fetch: { articlesPerCycle: 0 }   # the samples link to sites that do not exist: no article pages, no network
topics:
  - id: cartel-sovereignty
    file: ${JSON.stringify(resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'))}
channels:
  - { id: console, adapter: console, target: stdout, topics: [cartel-sovereignty] }
feeds:
${SAMPLE_FEEDS.map((f) => `  - { id: ${f.id}, name: ${JSON.stringify(f.name)}, url: ${JSON.stringify(server.urls.get(f.id))}, lang: ${f.lang} }`).join('\n')}
`;
    const config = parseConfig(yaml, join(dir, 'demo.yaml'));
    const radar = await createRadar(config, { logger: options.logger, consoleOut: options.out });
    options.out.write(`Radar demo: ${SAMPLE_FEEDS.length} sample feeds on 127.0.0.1, topic "cartel-sovereignty", console channel.\n\n`);
    const results = await radar.pollOnce();
    let alerts = results.reduce((n, r) => n + r.alerts.length, 0);
    const items = results.reduce((n, r) => n + r.fresh, 0);
    options.out.write(`— first cycle: ${items} items stored, ${alerts} alerts (a new feed alerts on its newest ${config.poll.firstPollAlerts} items at most) —\n`);

    if (options.watch) {
      const { signal, publishEveryMs = 8_000 } = options.watch;
      options.out.write('— watching: the sample outlets publish a new item every few seconds; Ctrl-C stops —\n\n');
      await radar.start();
      const timer = setInterval(() => {
        const item = server.publishNext();
        if (item) options.logger.info({ title: item.title }, 'sample outlet published');
      }, publishEveryMs);
      await new Promise<void>((resolveAbort) => signal.addEventListener('abort', () => resolveAbort(), { once: true }));
      clearInterval(timer);
      alerts = (await radar.store.counts(0)).alertsSince;
    }
    await radar.stop();
    return { alerts, feeds: SAMPLE_FEEDS.length };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
