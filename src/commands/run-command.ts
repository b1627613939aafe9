/**
 * The `/radar` dispatcher: parse with the table, find the channel, check the admin rule, run the
 * subcommand. Slack, Discord and `radar cmd` all call the runner made here, so the same command
 * gets the same answer everywhere. Changes persist in the store and reach routing through
 * `channelsChanged` before the next item.
 */
import type { CommandDeps, CommandEntry } from './define.ts';
import { failureReply } from './failure.ts';
import { parseCommandLine, withUsage } from './parse.ts';
import { say } from './reply.ts';
import { COMMANDS } from './subcommands/index.ts';
import type { CommandRunner } from './types.ts';

export function createCommandRunner(deps: CommandDeps): CommandRunner {
  const clock = deps.clock ?? Date.now;
  return async (request) => {
    let entry: CommandEntry | undefined;
    try {
      const line = parseCommandLine(request.text);
      entry = line.entry;
      const channel = (await deps.store.listChannels()).find((c) => c.id === request.channelId);
      if (!channel) return say(`This channel is not set up for Radar (no channel "${request.channelId}" in the configuration).`, false);
      if (line.parsed.mutates && !request.isAdmin) return say('Only Radar admins can change what this channel watches.', false);
      return await line.parsed.run({ deps, request, channel, now: clock(), commands: COMMANDS });
    } catch (error) {
      return failureReply(withUsage(error, entry), deps.logger, { channel: request.channelId, user: request.userId });
    }
  };
}
