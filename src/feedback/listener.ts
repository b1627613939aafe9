/**
 * The seam where what readers teach Radar leaves the feedback stage: every vote that changed
 * something (a first vote, or a person changing their mind) is handed to a `FeedbackListener`
 * after it is stored. The channel's learning (src/learn) plugs in here (src/app.ts). A listener's
 * failure is logged and does not undo the vote.
 */
import type { Vote } from '../store/index.ts';

/** A stored vote that changed: `previous` is the person's earlier vote on the item in the channel, or null. */
export interface VoteEvent {
  /** Radar's channel id (the config's), not the platform's. */
  channelId: string;
  itemId: number;
  /** The platform user id of who voted. */
  person: string;
  vote: Vote;
  previous: Vote | null;
  /** When it was stored (epoch ms). */
  at: number;
}

export interface FeedbackListener {
  onVote(event: VoteEvent): void | Promise<void>;
}

/** Listens to nothing: feedback is stored, nothing else changes (when none is given to createFeedback). */
export const NO_FEEDBACK_LISTENER: FeedbackListener = { onVote() {} };
