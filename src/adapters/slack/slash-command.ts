/**
 * The `/radar` listener: acknowledges at once (Slack allows 3 s), then runs the command and answers
 * through `respond()` (the command's response_url, valid for 30 minutes). Answers are ephemeral
 * unless the reply is meant for the channel.
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands
 */
import type { RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { failureReply } from '../../commands/failure.ts';
import type { CommandRunner, Reply } from '../../commands/types.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AdminCheck } from './admins.ts';
import { renderReply } from './render-reply.ts';

export interface SlashCommandDeps {
  runCommand: CommandRunner;
  channelFor: (slackChannelId: string) => string | null;
  isAdmin: AdminCheck;
  logger: Logger;
}

const NOT_SET_UP =
  'Radar is not set up for this channel. Ask whoever runs Radar to map this Slack channel to a Radar channel in the config.';

function toRespond(reply: Reply): RespondArguments {
  const { text, blocks } = renderReply(reply);
  return { response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text, blocks, unfurl_links: false };
}

function failure(text: string): Reply {
  return { ok: false, ephemeral: true, blocks: [{ type: 'text', text }], text };
}

export function slashCommandListener(deps: SlashCommandDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    const log = deps.logger.child({ slackChannel: command.channel_id, user: command.user_id });
    const channelId = deps.channelFor(command.channel_id);
    let reply: Reply;
    if (channelId === null) {
      log.info('slash command in an unmapped channel');
      reply = failure(NOT_SET_UP);
    } else {
      try {
        const isAdmin = await deps.isAdmin(command.user_id);
        reply = await deps.runCommand({ channelId, userId: command.user_id, isAdmin, text: command.text ?? '' });
      } catch (error) {
        reply = failureReply(error, log, { channel: channelId });
      }
    }
    try {
      await respond(toRespond(reply));
    } catch (error) {
      log.warn({ err: error, channel: channelId }, 'could not answer the slash command');
    }
  };
}
