/**
 * What the pipeline hands to the chat adapters, stored in the outbox in between: the neutral alert
 * of an item, the follow-up of a story, and the line for alerts held back by the limits. Each
 * adapter renders them in its own format.
 */

/** What a chat adapter needs to render an alert; stored as the outbox payload. */
export interface AlertPayload {
  itemKey: string;
  title: string;
  url: string | null;
  source: string;
  publishedAt: number;
  summary: string;
  lang: string | null;
  topicId: string | null;
  score: number | null;
  /** Topic terms that matched, most important first. */
  matched: string[];
  /** Channel watch terms that matched (the reason when the score is below the threshold). */
  watchMatched: string[];
}

/** A later report of an already alerted story: "also reported by …". */
export interface FollowUpPayload {
  storyId: number;
  /** The headline of the story's alert in this channel. */
  storyTitle: string;
  /** Outlets (feed names) reporting the story since the alert, with their links, oldest first. */
  reports: FollowUpReport[];
}

export interface FollowUpReport {
  source: string;
  title: string;
  url: string | null;
  publishedAt: number;
}

/**
 * The alerts a channel did not get from one feed because of the alert limits (config `alerts`):
 * "… and 295 more from X: /radar search source:x". The items are stored and searchable.
 */
export interface OverflowPayload {
  feedId: string;
  /** The feed's name (untrusted for feeds added from chat). */
  source: string;
  count: number;
}
