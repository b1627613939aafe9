/**
 * Feedback on alerts, the same from every door: a button under an alert (Slack, Discord), or
 * `/radar feedback <link> good|bad` (chat and `radar cmd`). A button carries only the alert's
 * outbox row id: the row says which channel, item and story it is, and a click counts only in the
 * channel the alert went to. One vote per person, item and channel; "Mute this story" stops the
 * story's follow-ups in that channel. Answers are one line, for the clicker alone.
 */
import type { Logger } from '../shared/logger.ts';
import type { FeedbackStore, Vote } from '../store/index.ts';
import { NO_FEEDBACK_LISTENER, type FeedbackListener } from './listener.ts';

/** What a button or a command asks: a vote, or muting the alert's story. */
export type FeedbackAction = Vote | 'mute';

export const FEEDBACK_ACTIONS: readonly FeedbackAction[] = ['good', 'bad', 'mute'];

/** A click on an alert's button, as an adapter passes it on after its own checks (signature, workspace or guild). */
export interface AlertFeedback {
  /** The Radar channel the click came from (mapped from the platform channel). */
  channelId: string;
  /** The opaque reference the button carried (the alert's outbox row id), untrusted. */
  ref: string;
  person: string;
  action: FeedbackAction;
}

/** Feedback on a stored item (from a command), in the channel it was given in. */
export interface ItemFeedback {
  channelId: string;
  itemId: number;
  /** The item's story (its own id when it started one). */
  storyId: number;
  person: string;
  action: FeedbackAction;
}

export interface FeedbackAnswer {
  /** False when nothing was recorded because the request was refused (unknown or foreign alert). */
  ok: boolean;
  /** One line for the person who asked. */
  text: string;
}

export interface Feedback {
  /** A button click on an alert. */
  onAlert(request: AlertFeedback): Promise<FeedbackAnswer>;
  /** Feedback on an item found by its link. */
  onItem(request: ItemFeedback): Promise<FeedbackAnswer>;
}

export interface FeedbackDeps {
  store: FeedbackStore;
  listener?: FeedbackListener;
  logger: Logger;
  clock?: () => number;
}

/** Alert references are outbox row ids: digits only, nothing else is looked up. */
const REF = /^[1-9]\d{0,14}$/;

export const UNKNOWN_ALERT = 'Radar does not know this alert here: nothing was recorded.';

function noted(action: FeedbackAction, channelId: string, changed: boolean): string {
  const where = `#${channelId}`;
  switch (action) {
    case 'good':
      return `${changed ? 'Noted' : 'Already noted'}: more like this in ${where}.`;
    case 'bad':
      return `${changed ? 'Noted' : 'Already noted'}: fewer items like this in ${where}.`;
    case 'mute':
      return `${changed ? 'Muted' : 'Already muted'}: no more follow-ups of this story in ${where}.`;
  }
}

export function createFeedback(deps: FeedbackDeps): Feedback {
  const listener = deps.listener ?? NO_FEEDBACK_LISTENER;
  const clock = deps.clock ?? Date.now;
  const log = deps.logger;

  async function record(request: ItemFeedback): Promise<FeedbackAnswer> {
    const { channelId, itemId, person, action } = request;
    const at = clock();
    if (action === 'mute') {
      const { changed, dropped } = await deps.store.muteStory(channelId, request.storyId, person, at);
      log.info({ channel: channelId, storyId: request.storyId, user: person, dropped, changed }, 'story muted');
      return { ok: true, text: noted(action, channelId, changed) };
    }
    const { changed, previous } = await deps.store.recordVote({ channelId, itemId, person, vote: action, at });
    log.info({ channel: channelId, itemId, user: person, vote: action, previous, changed }, 'feedback recorded');
    if (changed) {
      try {
        await listener.onVote({ channelId, itemId, person, vote: action, previous, at });
      } catch (error) {
        log.warn({ err: error, channel: channelId, itemId }, 'feedback listener failed; the vote is kept');
      }
    }
    return { ok: true, text: noted(action, channelId, changed) };
  }

  return {
    async onAlert(request) {
      const alert = REF.test(request.ref) ? await deps.store.alertReference(Number(request.ref)) : null;
      if (!alert || alert.channelId !== request.channelId) {
        log.warn({ channel: request.channelId, user: request.person }, 'feedback on an unknown alert, or one of another channel, refused');
        return { ok: false, text: UNKNOWN_ALERT };
      }
      return record({ channelId: alert.channelId, itemId: alert.itemId, storyId: alert.storyId ?? alert.itemId, person: request.person, action: request.action });
    },
    onItem: record,
  };
}
