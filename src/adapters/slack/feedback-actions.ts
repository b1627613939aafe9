/**
 * The feedback buttons under a Slack alert ("Relevant", "Not for us", "Mute this story") and the
 * Bolt action listener that records a click. A button's value is the alert's opaque reference and
 * nothing else; who clicked, where, and in which workspace come from the request Slack signed (Bolt
 * refuses an HTTP request with a bad or stale signature; Socket Mode requests come over the app's
 * own connection). The listener acknowledges at once (Slack allows 3 s), refuses a click from
 * another workspace than Radar's (configured, or the bot token's) or from an unmapped channel, handles each click once
 * (a redelivered payload changes nothing), and answers the clicker alone through the response_url.
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response
 */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import type { AlertFeedback, FeedbackAction, FeedbackAnswer } from '../../feedback/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { ReplayGuard } from '../replay-guard.ts';

/** Action ids: `radar_feedback_good|bad|mute`. */
export const FEEDBACK_ACTION_ID = /^radar_feedback_(good|bad|mute)$/;

const LABELS: Record<FeedbackAction, string> = { good: 'Relevant', bad: 'Not for us', mute: 'Mute this story' };

/** The actions block of an alert: three buttons whose value is the alert's reference. */
export function feedbackBlock(ref: string): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'radar_feedback',
    elements: (['good', 'bad', 'mute'] as const).map((action): types.Button => ({
      type: 'button',
      action_id: `radar_feedback_${action}`,
      text: { type: 'plain_text', text: LABELS[action], emoji: false },
      value: ref,
      ...(action === 'good' ? { style: 'primary' as const } : {}),
    })),
  };
}

export interface FeedbackActionDeps {
  feedback: (request: AlertFeedback) => Promise<FeedbackAnswer>;
  channelFor: (slackChannelId: string) => string | null;
  /** The workspace (team id, `T…`) whose members may vote, or null when it cannot be told now. */
  workspace: () => Promise<string | null>;
  logger: Logger;
  clock?: () => number;
}

const OTHER_WORKSPACE = 'Only members of the workspace Radar serves can give feedback on its alerts: nothing was recorded.';
const NOT_SET_UP = 'Radar is not set up for this channel: nothing was recorded.';
/** Bolt's HTTP receiver accepts a signed request for 5 minutes: twice that covers any replay. */
const REPLAY_WINDOW_MS = 10 * 60_000;

export function feedbackActionListener(deps: FeedbackActionDeps) {
  const clock = deps.clock ?? Date.now;
  const replays = new ReplayGuard(REPLAY_WINDOW_MS);
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const kind = FEEDBACK_ACTION_ID.exec(action.action_id)?.[1] as FeedbackAction | undefined;
    const slackChannel = body.channel?.id ?? '';
    const person = body.user.id;
    const log = deps.logger.child({ slackChannel, user: person });
    if (!kind || action.type !== 'button') return;
    // One click, one handling: Slack's trigger id (or the action's time) names the click.
    if (!replays.firstTime(`${person}\n${body.trigger_id ?? action.action_ts}`, clock())) {
      log.warn('feedback click delivered again; ignored');
      return;
    }
    let answer: FeedbackAnswer;
    const team = body.team?.id ?? body.user.team_id ?? null;
    const channelId = deps.channelFor(slackChannel);
    const workspace = await deps.workspace();
    if (workspace === null) {
      answer = { ok: false, text: 'Radar could not check your workspace just now; try again in a moment.' };
    } else if (team !== workspace) {
      log.warn({ team }, 'feedback from another workspace refused');
      answer = { ok: false, text: OTHER_WORKSPACE };
    } else if (channelId === null) {
      answer = { ok: false, text: NOT_SET_UP };
    } else {
      try {
        answer = await deps.feedback({ channelId, ref: action.value ?? '', person, action: kind });
      } catch (error) {
        log.error({ err: error, channel: channelId }, 'feedback could not be recorded');
        answer = { ok: false, text: 'Radar could not record this feedback just now; try again in a moment.' };
      }
    }
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text: answer.text });
    } catch (error) {
      log.warn({ err: error, channel: channelId }, 'could not answer the feedback click');
    }
  };
}
