import { parseArgs } from 'node:util';
import { runDemo } from '../demo/demo.ts';
import { createLogger } from '../shared/logger.ts';
import { UsageError, type CliIo } from './io.ts';

/** The demo keeps nothing: said at its end, so that a search afterwards does not puzzle anyone. */
export const DEMO_DATABASE_NOTE =
  'The demo database was temporary and has been deleted, so `radar cmd "search …"` will not find these items: ' +
  'point config/default.yaml (or RADAR_CONFIG) at your feeds and run `radar poll --once` first.';

/** `radar demo [--watch]`. */
export async function runDemoCommand(args: string[], io: CliIo): Promise<number> {
  let watch = false;
  try {
    watch = parseArgs({ args, options: { watch: { type: 'boolean' } }, strict: true }).values.watch === true;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const logger = createLogger({ level: watch ? 'info' : 'warn' });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const { alerts } = await runDemo({ out: io.stdout, logger, watch: watch ? { signal: controller.signal } : undefined });
    io.stdout.write(`\nDemo done: ${alerts} alert(s) printed above.${watch ? '' : ' Run `npm run demo -- --watch` to see new items arrive.'}\n`);
    io.stdout.write(`${DEMO_DATABASE_NOTE}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
