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

/** One story of a digest: the channel's alert headline and link, and how widely it was reported. */
export interface DigestStory {
  storyId: number;
  title: string;
  url: string | null;
  /** Outlets (feed names, untrusted) that reported it, at most a few. */
  sources: string[];
  /** Distinct outlets that reported it. */
  outlets: number;
  /** Languages of its reports (tags such as "es"). */
  langs: string[];
  /** Its best score over the channel's topics, or null when none was scored. */
  score: number | null;
  /** Whether its alert was held by quiet hours (it was not posted on its own). */
  held: boolean;
}

/** A channel's digest: the top stories of a window, best first, and how many more there were. */
export interface DigestPayload {
  /** The window, as configured or asked ("24h", "7d"). */
  window: string;
  since: number;
  until: number;
  stories: DigestStory[];
  /** Stories of the window left out of `stories` (beyond the digest's limit). */
  more: number;
  /** Alerts of the window held by quiet hours (all of them are among the stories or `more`). */
  held: number;
}
