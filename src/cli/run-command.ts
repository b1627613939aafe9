/**
 * `radar run`, `radar poll --once [--dry-run]`, `radar migrate [--force-new]` and
 * `radar migrate --from sqlite:<file> --to postgres://…`.
 */
import { parseArgs } from 'node:util';
import { createRadar } from '../app.ts';
import { renderAlert } from '../adapters/console/render.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../shared/logger.ts';
import type { FeedRunResult } from '../pipeline/index.ts';
import { copyDatabase, createStore, describeTarget, parseDatabaseTarget, setAsideDatabase, type CopyCounts, type DatabaseTarget } from '../store/index.ts';
import { UsageError, type CliIo } from './io.ts';

function options<T extends Record<string, { type: 'boolean' | 'string' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function runRun(args: string[], _io: CliIo): Promise<number> {
  options(args, {});
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  const radar = await createRadar(config, { logger });
  try {
    await radar.start();
  } catch (error) {
    await radar.stop();
    throw error;
  }
  logger.info({ feeds: config.feeds.length, channels: config.channels.length, config: config.file }, 'radar running');
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolveStop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await radar.stop();
  logger.info('stopped');
  return 0;
}

/** `poll --once` exit status when every feed polled failed (documented in the help and README). */
export const EXIT_ALL_FEEDS_FAILED = 3;

export async function runPoll(args: string[], io: CliIo): Promise<number> {
  const values = options(args, { once: { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
  if (!values.once) throw new UsageError('only `radar poll --once [--dry-run]` is supported; use `radar run` to poll on schedule');
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  const radar = await createRadar(config, { logger, consoleOut: io.stdout });
  try {
    const dryRun = values['dry-run'] === true;
    const results = await radar.pollOnce({ dryRun });
    if (dryRun) for (const r of results) for (const a of r.alerts) io.stdout.write(`[dry run → ${a.channelId}]\n${renderAlert(a.payload)}\n`);
    const failed = results.filter((r) => r.status === 'failed');
    io.stderr.write(
      `polled ${results.length} feeds: ${results.filter((r) => r.status === 'ok').length} ok, ` +
      `${results.filter((r) => r.status === 'not_modified').length} not modified, ${failed.length} failed; ` +
      `${results.reduce((n, r) => n + r.fresh, 0)} new items, ${results.reduce((n, r) => n + r.alerts.length, 0)} alerts${articlesLine(results)}` +
      `${dryRun ? ' (dry run: nothing written or sent)' : ''}\n`,
    );
    for (const f of failed) io.stderr.write(`  ✗ ${f.feedId}: ${f.error}\n`);
    // Some feeds failing is a normal day (the ✗ lines say which); none read at all is not.
    return failed.length > 0 && failed.length === results.length ? EXIT_ALL_FEEDS_FAILED : 0;
  } finally {
    await radar.stop();
  }
}

/** "; 3 article pages read (1 failed, 2 over the cycle's budget)", or '' when none was wanted. */
function articlesLine(results: FeedRunResult[]): string {
  const sum = (key: 'fetched' | 'failed' | 'skipped') => results.reduce((n, r) => n + r.articles[key], 0);
  const [fetched, failed, skipped] = [sum('fetched'), sum('failed'), sum('skipped')];
  if (!fetched && !skipped) return '';
  const notes = [failed ? `${failed} failed` : '', skipped ? `${skipped} over the cycle's budget` : ''].filter(Boolean);
  return `; ${fetched} article page${fetched === 1 ? '' : 's'} read${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export async function runMigrate(args: string[], io: CliIo): Promise<number> {
  const values = options(args, { 'force-new': { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' } });
  if (values.from !== undefined || values.to !== undefined) {
    if (values['force-new']) throw new UsageError('--force-new does not go with --from/--to');
    return copyCommand(values.from, values.to, io);
  }
  const config = loadConfig();
  const where = describeTarget(config.database);
  if (values['force-new']) {
    // Only an empty or damaged file is replaced, and it is moved, never deleted.
    const done = setAsideDatabase(config.database, config.clock());
    if (done.kind === 'server') throw new UsageError(`--force-new: ${where} is a database server; only an empty or damaged database file is set aside.`);
    if (done.kind === 'usable') {
      throw new UsageError(`--force-new: ${where} is a working database (it opens and passes its integrity check); only an empty or damaged one is replaced. To start over anyway, stop Radar and move the file away yourself.`);
    }
    if (done.kind === 'moved') io.stdout.write(`${where}: moved aside to ${done.to}\n`);
  }
  const store = await createStore(config.database);
  try {
    const applied = await store.migrate();
    io.stdout.write(`${where}: ${applied} migration(s) applied\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** Connections the copy opens to the server (it writes in one transaction on one of them). */
const COPY_POOL = 2;

/** `radar migrate --from sqlite:<file> --to postgres://…`: copies a database file into an empty server database. */
async function copyCommand(fromArg: string | undefined, toArg: string | undefined, io: CliIo): Promise<number> {
  if (!fromArg || !toArg) throw new UsageError('a copy needs both --from sqlite:<file> and --to postgres://…');
  const target = (value: string, name: string): DatabaseTarget => {
    try {
      return parseDatabaseTarget(value, { name, base: io.cwd }, COPY_POOL);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  const from = target(fromArg, '--from');
  const to = target(toArg, '--to');
  if (from.kind !== 'file') throw new UsageError(`--from: ${describeTarget(from)} is a database server; copy from a database file (sqlite:<file>)`);
  if (to.kind !== 'server') throw new UsageError(`--to: ${describeTarget(to)} is a database file; copy to a database server (postgres://…)`);
  const started = Date.now();
  const counts = await copyDatabase(from, to);
  io.stdout.write(`copied ${describeTarget(from)} to ${describeTarget(to)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${copyLine(counts)}\n`);
  return 0;
}

function copyLine(n: CopyCounts): string {
  return `${n.feeds} feeds, ${n.channels} channels (${n.channelTerms} terms), ${n.items} items (${n.scores} scores, ${n.stories} stories), ` +
    `outbox ${n.outbox.pending} pending, ${n.outbox.sent} sent, ${n.outbox.failed} given up`;
}
