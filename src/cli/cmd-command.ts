/**
 * `radar cmd --channel <id> "<text>"`: a `/radar` command from the terminal, answered by the same
 * core as Slack and Discord. The operator at the terminal counts as an admin.
 */
import { parseArgs } from 'node:util';
import { createRadar } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../shared/logger.ts';
import { UsageError, type CliIo } from './io.ts';

export async function runCmd(args: string[], io: CliIo): Promise<number> {
  let values: { channel?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { channel: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const config = loadConfig();
  const channel = values.channel ?? config.channels[0]?.id;
  if (!channel) throw new UsageError('--channel <id> is required: the config has no channels');
  if (!config.channels.some((c) => c.id === channel)) {
    throw new UsageError(`--channel: no channel "${channel}" in ${config.file} (known: ${config.channels.map((c) => c.id).join(', ')})`);
  }
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  const radar = await createRadar(config, { logger });
  try {
    const answer = await radar.runCommand({ channelId: channel, userId: 'cli', isAdmin: true, text: positionals.join(' ') });
    io.stdout.write(values.json ? `${JSON.stringify(answer)}\n` : `${answer.text}\n`);
    return answer.ok ? 0 : 1;
  } finally {
    await radar.stop();
  }
}
