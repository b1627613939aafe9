import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config/index.ts';
import { StartupError } from '../adapters/index.ts';
import { ConfigError, StoreError } from '../shared/errors.ts';
import { runCmd } from './cmd-command.ts';
import { runDemoCommand } from './demo-command.ts';
import { runEval } from './eval-command.ts';
import { runMigrate, runPoll, runRun } from './run-command.ts';
import { UsageError, type CliIo } from './io.ts';
import { runScore } from './score-command.ts';

export const USAGE = `Usage: radar <command> [options]

Commands:
  run                         poll the configured feeds on schedule and post alerts (npm start)
  demo [--watch]              serve the bundled sample feeds on 127.0.0.1 and run the real pipeline
                              into the console; --watch keeps going while new items are published
  poll --once [--dry-run]     poll every feed once, deliver, exit; --dry-run writes and sends nothing;
                              exit status 3 when every feed failed (0 when at least one was read)
  migrate [--force-new]       create or upgrade the database; --force-new moves an empty or damaged
                              database aside (to <file>.corrupt-<time>, kept) and starts a new one
  migrate --from sqlite:<file> --to postgres://…   copy a database file (feeds, channels, items,
                              stories, outbox) into an empty PostgreSQL database, to scale out
  cmd [--channel <id>] [--json] "<text>"   answer a /radar command as chat would, e.g. cmd "search fentanilo",
                              over the database of RADAR_CONFIG (filled by run or poll --once; the
                              demo's database is temporary and gone when the demo ends)
  discord register [--guild <id>]   register /radar with Discord (one guild: instant, for testing;
                              global otherwise) and print the bot's invite URL
  score --input <file.jsonl> [--topic <id>]   score items, one JSON line each
  eval --input <labeled.jsonl> [--train <labeled.jsonl>] [--topic <id>]   relevance figures against
                              labels, beside a keyword filter and TF-IDF + logistic regression
                              (cross-validated; --train items only train it)
  help                        this text

Environment: RADAR_CONFIG (config file, default config/default.yaml), RADAR_DB (database file),
LOG_LEVEL (info). See .env.example.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  const topicsDir = resolve(PROJECT_ROOT, 'config/topics');
  try {
    switch (command) {
      case 'run':
        return await runRun(args, io);
      case 'poll':
        return await runPoll(args, io);
      case 'migrate':
        return await runMigrate(args, io);
      case 'cmd':
        return await runCmd(args, io);
      case 'demo':
        return await runDemoCommand(args, io);
      case 'discord':
        // discord.js loads only for this command.
        return await (await import('./discord-command.ts')).runDiscord(args, io);
      case 'score':
        return await runScore(args, { ...io, topicsDir });
      case 'eval':
        return await runEval(args, { ...io, topicsDir });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return 0;
      default:
        io.stderr.write(`radar: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`radar: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`radar ${command}: ${error.message}\n`);
      return 2;
    }
    // A database server that cannot be reached, a URL that is not one, or a copy into a database in use: a setting to fix.
    if (error instanceof StoreError && (error.code === 'store_unavailable' || error.code === 'store_not_empty')) {
      io.stderr.write(`radar ${command}: ${error.message}\n`);
      return 2;
    }
    // A database or a platform setting to fix: the message names the file or the variable.
    if (error instanceof StoreError || error instanceof StartupError) {
      io.stderr.write(`radar ${command}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`radar ${command}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}
