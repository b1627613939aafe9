/**
 * A poll cycle: the cycle's feeds are read and decided in parallel (run-feed.ts), then their new
 * items (and the state of the feeds that answered 304) are written in one transaction, items in
 * publication order across feeds, so that the earliest
 * report of a story starts it and becomes its alert (and the earliest items of a flood are the ones
 * within the alert limits), whichever feed was read first. A cycle's alerts therefore wait for its
 * slowest feed (at most `fetch.timeout`). When the cycle's write fails, each feed is written on its
 * own, so that one feed's failed write never loses the others' (unless the database itself is lost:
 * then the cycle fails and its feeds stay due). The cycle's feeds share one budget of
 * article pages (`fetch.articlesPerCycle`, see src/extract).
 */
import { articleBudget } from '../extract/index.ts';
import { isRadarError } from '../shared/errors.ts';
import type { StoryEntry } from './story-grouping.ts';
import { readFeed, type FeedRead, type FeedRunResult, type PipelineDeps, type PushedDocument } from './run-feed.ts';
import type { FeedRecord } from '../store/index.ts';

/** Starts a feed's read when the caller allows it (concurrency, shutdown); undefined: not started. */
export type ReadGate = <T>(read: () => Promise<T>) => Promise<T | undefined>;

/**
 * `pushed` holds documents a WebSub hub pushed, by feed id: those feeds are read from them instead
 * of being fetched, and go the same way from there (parse, score, stories, the write, delivery).
 */
export async function runCycle(feeds: readonly FeedRecord[], deps: PipelineDeps, gate: ReadGate = (read) => read(), pushed?: ReadonlyMap<string, PushedDocument>): Promise<FeedRunResult[]> {
  const budget = articleBudget(deps.articles.perCycle);
  const reads = (await Promise.all(feeds.map((feed) => gate(() => readFeed(feed, deps, budget, pushed?.get(feed.id)))))).filter((r): r is FeedRead => r !== undefined);
  for (const { result } of reads) countArticles(deps, result);
  const toWrite = reads.filter((r) => r.batch !== null);
  if (!deps.dryRun && toWrite.length) {
    try {
      await write(toWrite, deps);
    } catch (error) {
      await reloadStories(deps);
      // A lost database fails the cycle: its feeds stay due, to be read again once it is back.
      if (isRadarError(error, 'store_unavailable')) throw error;
      if (toWrite.length === 1) toWrite[0]!.result = await toWrite[0]!.fail(error);
      else await writeOneByOne(toWrite, deps);
    }
  }
  for (const { feed, result } of toWrite) {
    if (result.status !== 'ok') continue;
    if (!deps.dryRun) {
      deps.metrics?.itemsStored.inc(result.fresh);
      deps.metrics?.alertsQueued.inc(result.alerts.length);
    }
    const { articles } = result;
    deps.logger.child({ feedId: feed.id }).info({ ...(pushed?.has(feed.id) ? { pushed: true } : {}), parsed: result.parsed, fresh: result.fresh, alerts: result.alerts.length, held: result.held, seeded: feed.seeded, ...(articles.fetched || articles.skipped ? { articles } : {}) }, 'feed polled');
  }
  return reads.map((r) => r.result);
}

function countArticles(deps: PipelineDeps, { articles }: FeedRunResult): void {
  if (!deps.metrics) return;
  const { articlePages } = deps.metrics;
  articlePages.inc({ outcome: 'extracted' }, articles.extracted);
  articlePages.inc({ outcome: 'failed' }, articles.failed);
  articlePages.inc({ outcome: 'skipped' }, articles.skipped);
}

async function writeOneByOne(reads: FeedRead[], deps: PipelineDeps): Promise<void> {
  for (const read of reads) {
    try {
      await write([read], deps);
    } catch (error) {
      await reloadStories(deps);
      read.result = await read.fail(error);
    }
  }
}

/** The index may hold items of a failed write: rebuild it from what was stored. */
async function reloadStories(deps: PipelineDeps): Promise<void> {
  await deps.stories.reload((deps.clock ?? Date.now)()).catch((error: unknown) => deps.logger.error({ err: error }, 'story index reload failed'));
}

/** Writes the feeds' batches in one transaction, items in publication order (capped at fetch time). */
async function write(reads: FeedRead[], deps: PipelineDeps): Promise<void> {
  const batches = reads.map((r) => r.batch!);
  const entries = batches.flatMap((b, i) => b.items.map((d, j): StoryEntry & { place: [number, number] } => ({
    item: d.item, fingerprint: b.fingerprints[j] ?? null, fetchedAt: b.state.at, place: [i, j],
  })));
  const when = (e: StoryEntry) => Math.min(e.item.publishedAt, e.fetchedAt);
  entries.sort((a, b) => when(a) - when(b)); // stable: a feed's own order breaks ties
  const saved = await deps.store.saveBatches(batches, {
    order: entries.map((e) => e.place),
    ...deps.stories.forWrite(entries, (deps.clock ?? Date.now)()),
    followUpEveryMs: deps.stories.followUpEveryMs,
    alertLimits: deps.alertLimits,
  });
  reads.forEach((read, i) => {
    const { alerted, held } = saved[i]!;
    read.result.alerts = batches[i]!.items.flatMap((d, j) => d.alerts.filter((a) => alerted[j]!.includes(a.channelId)));
    read.result.held = held;
  });
}
