/**
 * A click on a Discord alert's feedback button (see feedback-row.ts), from the gateway or the
 * signed HTTP endpoint alike. A click counts only from a member of the guild the alert's channel belongs to (a click without a
 * guild, or from another guild, is refused). It is deferred at once, privately (Discord allows 3 s
 * for the first answer), and the answer is then written into that private reply.
 * @see https://discord.com/developers/docs/components/reference#button
 */
import type { Interaction } from 'discord.js';
import type { AlertFeedback, FeedbackAnswer } from '../../feedback/index.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Reply } from '../../commands/types.ts';
import { FEEDBACK_PREFIX, parseFeedbackId } from './feedback-row.ts';
import { renderReply } from './render-reply.ts';
import { gatewayResponder, type Responder } from './interaction.ts';

/** A button click as the handling reads it, whether it came over the gateway or HTTP. */
export interface ButtonClick {
  customId: string;
  /** The channel of the message the button is on. */
  discordChannelId: string;
  /** The guild the click came from; null in a direct message. */
  guildId: string | null;
  userId: string;
}

export interface FeedbackButtonDeps {
  feedback: (request: AlertFeedback) => Promise<FeedbackAnswer>;
  channelFor: (discordChannelId: string) => string | null;
  /** The guild a channel belongs to (from the gateway's cache, or Discord's API), or null when unknown. */
  guildOf: (discordChannelId: string) => Promise<string | null>;
  logger: Logger;
}

const NOT_A_MEMBER = "Only members of this channel's server can give feedback on its alerts: nothing was recorded.";
const NOT_SET_UP = 'Radar is not set up for this channel: nothing was recorded.';

function privately(text: string, ok: boolean): Reply {
  return { ok, ephemeral: true, blocks: [{ type: 'text', text }], text };
}

async function decide(click: ButtonClick, deps: FeedbackButtonDeps, log: Logger): Promise<FeedbackAnswer> {
  const parsed = parseFeedbackId(click.customId);
  const channelId = deps.channelFor(click.discordChannelId);
  if (!parsed || channelId === null) return { ok: false, text: NOT_SET_UP };
  const guild = await deps.guildOf(click.discordChannelId);
  if (click.guildId === null || guild === null || guild !== click.guildId) {
    log.warn({ guild: click.guildId }, 'feedback from outside the channel\'s server refused');
    return { ok: false, text: NOT_A_MEMBER };
  }
  return deps.feedback({ channelId, ref: parsed.ref, person: click.userId, action: parsed.action });
}

/** Answers one feedback click: deferred privately at once, then the answer; failures are logged. */
export async function handleFeedbackClick(click: ButtonClick, respond: Responder, deps: FeedbackButtonDeps): Promise<void> {
  const log = deps.logger.child({ discordChannel: click.discordChannelId, user: click.userId });
  try {
    await respond.defer(true);
    let answer: FeedbackAnswer;
    try {
      answer = await decide(click, deps, log);
    } catch (error) {
      log.error({ err: error }, 'feedback could not be recorded');
      answer = { ok: false, text: 'Radar could not record this feedback just now; try again in a moment.' };
    }
    await respond.edit(renderReply(privately(answer.text, answer.ok)));
  } catch (error) {
    log.warn({ err: error }, 'could not answer the feedback click');
  }
}

/** The `interactionCreate` listener for feedback buttons, over the gateway. */
export function feedbackClickListener(deps: FeedbackButtonDeps) {
  return async (interaction: Interaction): Promise<void> => {
    if (!interaction.isButton() || !interaction.customId.startsWith(FEEDBACK_PREFIX)) return;
    const click: ButtonClick = { customId: interaction.customId, discordChannelId: interaction.channelId, guildId: interaction.guildId, userId: interaction.user.id };
    await handleFeedbackClick(click, gatewayResponder(interaction), deps);
  };
}
