/**
 * The `Store` seam: everything Radar keeps between polls, split by role (feeds, items, outbox,
 * channel leases, channels, search, learning, feedback) so that each stage types only what it uses; `Store` is their sum. The embedded
 * file store and the networked server store (chosen by the `database` setting, see create-store.ts)
 * pass the same contract tests (test/store/store.contract.ts). Methods are async for the networked one.
 */
import type { AlertPayload, DigestPayload, FollowUpPayload, FollowUpReport, OverflowPayload } from '../shared/alert.ts';
import type { FeedItem, StoredItem } from '../shared/types.ts';

/** The outbox payloads (defined in shared/, where the chat adapters read them). */
export type { AlertPayload, DigestPayload, FollowUpPayload, FollowUpReport, OverflowPayload };

export interface FeedRecord {
  id: string;
  url: string;
  name: string;
  /** 'config' for feeds from the config file (trusted), 'chat' for feeds added by a command. */
  origin: 'config' | 'chat';
  etag: string | null;
  lastModified: string | null;
  nextPollAt: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  lastPolledAt: number | null;
  /** Whether the feed has been read successfully at least once (its first poll does not flood). */
  seeded: boolean;
  /** The interval its last poll chose (src/schedule), and why; null before its first poll. */
  pollIntervalMs: number | null;
  pollReason: string | null;
  /** Its publishing rhythm as stored (JSON, src/schedule/rhythm.ts); null until a successful poll. */
  rhythm: string | null;
}

export interface FeedDefinition {
  id: string;
  url: string;
  name: string;
  origin: FeedRecord['origin'];
}

export type OutboxKind = 'alert' | 'follow_up' | 'overflow' | 'digest';

/**
 * What becomes of a follow-up whose row does not name a posted alert: a follow-up is never posted
 * without its story's alert in the channel.
 * - `reply`: the alert was posted (after the row was read): thread under it;
 * - `wait`: the alert is still queued (a new one, after the first was given up): the follow-up now
 *   comes after it in the channel's queue;
 * - `alert`: the alert was given up (or held for the digest by quiet hours); the follow-up became the story's alert (its earliest report
 *   that alerts the channel on its own), in the same place in the queue, and the other reports
 *   follow that alert;
 * - `dropped`: the alert was given up and no report alerts the channel on its own; the next one
 *   that does will be the story's alert there.
 */
export type FollowUpFate =
  | { kind: 'reply'; parentMessageId: string }
  | { kind: 'wait' }
  | { kind: 'alert' | 'dropped'; reports: number };

export interface OutboxRow {
  id: number;
  channelId: string;
  kind: OutboxKind;
  itemId: number;
  storyId: number | null;
  payload: AlertPayload | FollowUpPayload | OverflowPayload | DigestPayload;
  attempts: number;
  createdAt: number;
  /** For a follow-up: the platform message id of the story's alert in this channel, once sent. */
  parentMessageId: string | null;
}

/** A new item with its decisions, written in one transaction with its alerts. */
export interface NewItem {
  item: FeedItem;
  scores: Array<{ topicId: string; score: number }>;
  /**
   * Channels that get an alert for this item. A channel already alerted about the item's story gets
   * no second alert: the item becomes part of that channel's follow-up instead.
   */
  alerts: Array<{ channelId: string; payload: AlertPayload }>;
  /** The item's story fingerprint (kept so that grouping survives a restart). */
  fingerprint?: { canonicalUrl: string | null; signature: Uint8Array };
  /** When set and the item joins an earlier story, it is reported in the follow-ups of the channels alerted about that story. */
  followUp?: FollowUpReport;
}

/**
 * Assigns a just-inserted item to a story, inside the write: `position` is the item's place in the
 * write order, `itemId` its new row id. Returns the story id: an earlier story's, or `itemId` for a new story.
 */
export type StoryAssigner = (position: number, itemId: number) => number;

/** One feed's part of a poll cycle's write: its new items with their decisions, and its state after the poll. */
export interface FeedBatch {
  feedId: string;
  items: NewItem[];
  state: FeedStateUpdate;
}

/** What a batch's write queued: per item its row id (0 when already stored) and the channels it alerts. */
export interface SavedBatch {
  ids: number[];
  alerted: string[][];
  /** Alerts held back by the alert limits (summed up in overflow rows). */
  held: number;
}

/**
 * Alert limits, checked inside the write. A feed's alerts beyond `perFeed` in one write (one poll),
 * and a channel's beyond `perChannel` queued within `windowMs`, are not queued: each channel gets one
 * overflow row per feed instead, due no sooner than `windowMs` after that feed's previous one there
 * (a pending one takes the new count).
 */
export interface AlertLimits {
  perFeed: number;
  perChannel: number;
  windowMs: number;
}

/** A stored item as story grouping needs it, to rebuild the index after a restart. */
export interface StoryItemRow {
  itemId: number;
  storyId: number;
  publishedAt: number;
  canonicalUrl: string | null;
  signature: Uint8Array;
}

export interface FeedStateUpdate {
  etag?: string | null;
  lastModified?: string | null;
  nextPollAt: number;
  at: number;
  /** The interval chosen and why (kept as they were when absent). */
  pollIntervalMs?: number;
  pollReason?: string;
  /** The feed's rhythm after this poll (JSON; kept as it was when absent). */
  rhythm?: string;
}

/** How far a writer's story index has read the stored items: opaque outside the store (see `ItemStore.storyMark`). */
export type StoryMark = string;

/**
 * Story decisions serialised across writers (instances) sharing the store: the write locks the
 * candidate keys of its items, so that two writes that could put items in one story run one after
 * the other; then, before the first item is assigned, the writer's in-memory index catches up with
 * the items others stored since its mark. A store with one writer at a time (the file store)
 * needs no keys, and catches up all the same (another process may have written).
 */
export interface StoryCatchUp {
  /** The candidate keys of the write's items (story buckets and URLs); writes sharing one are serialised. */
  keys: readonly number[];
  /** What the index has read: from `storyMark`, or the last catch-up. */
  mark: StoryMark;
  /** Items published before this (epoch ms) are not needed. */
  since: number;
  /**
   * Called once inside the write, under the locks, before the first item is assigned: the items
   * stored since `mark` (some may be known already: skip them), oldest first, and the new mark.
   */
  apply(rows: StoryItemRow[], mark: StoryMark): void;
}

/** How follow-ups are paced: at most one per story and channel every `followUpEveryMs`. */
export interface SaveOptions {
  assignStory?: StoryAssigner;
  catchUp?: StoryCatchUp;
  followUpEveryMs?: number;
  alertLimits?: AlertLimits;
  /** The write order of a multi-feed write, as [batch, item] pairs (default: batch after batch). */
  order?: ReadonlyArray<readonly [batch: number, item: number]>;
}

/** A channel's routing settings as commands change them (seeded from the config file the first time). */
export interface ChannelSettings {
  id: string;
  threshold: number;
  topics: string[];
  watch: string[];
  mute: string[];
}

export type TermKind = 'watch' | 'mute';

/** A stored item found by search, with its outlet and its best score over the asked topics. */
export interface ItemHit extends StoredItem {
  source: string;
  score: number | null;
  storyId: number | null;
}

/** A story in `top`: its first alerting-grade item and how many outlets reported it. */
export interface StoryHit {
  storyId: number;
  item: ItemHit;
  outlets: number;
}

export interface SearchQuery {
  /**
   * Plain search terms, all required: a word, or several words found together in this order (a
   * phrase); a trailing `*` also matches longer words. No operator is live: each store turns the
   * terms into its own full-text query. Empty: every item (of the feed), most relevant first.
   */
  terms: readonly string[];
  /** Only items of this feed. */
  feedId?: string | null;
  /** Items published since (epoch ms). */
  since: number;
  lang: string | null;
  /** Topics whose best score ranks the hits. */
  topics: readonly string[];
  limit: number;
}

export interface StoreCounts {
  feeds: number;
  items: number;
  itemsSince: number;
  alertsSince: number;
  pendingOutbox: number;
  failingFeeds: number;
  /** When any feed was last polled, or null. */
  lastPollAt: number | null;
  /** Per channel, alerts and follow-ups given up (permanent error or out of retries) since `since`. */
  deliveryFailures: Array<{ channelId: string; count: number; lastError: string | null }>;
}

/**
 * What `/metrics` reads from the store on each scrape: bounded queries on indexes (the feeds due,
 * the pending outbox rows), never a scan of the items.
 */
export interface OperatingState {
  /** Outbox rows waiting to be posted (queued, or due again after a failed attempt). */
  outboxPending: number;
  /** When the oldest of them was queued, or null when none waits. */
  oldestPendingAt: number | null;
  /** The earliest next poll time of a polled feed that is due by `now`, or null when none is. */
  overdueSince: number | null;
  /** Polled feeds by health: read at their last poll, failing now, or never read yet. */
  feeds: { ok: number; failing: number; unread: number };
}

/** An alert as the status page shows it: what was queued, for which channel, and where it stands. */
export interface AlertRecord {
  id: number;
  channelId: string;
  createdAt: number;
  /** `held`: kept for the channel's digest by quiet hours; `digested`: listed in a digest since. */
  status: 'pending' | 'sent' | 'failed' | 'held' | 'digested';
  payload: AlertPayload;
}

/** A channel's alerts queued since a time: how many, and the newest of them. */
export interface ChannelAlerts {
  channelId: string;
  total: number;
  /** Newest first, at most the asked limit. */
  alerts: AlertRecord[];
}

/** One channel's waiting outbox rows. */
export interface ChannelQueue {
  channelId: string;
  /** Rows waiting to be posted (queued, or due again after a failed attempt). */
  pending: number;
  /** Of them, rows that failed at least once and wait for a retry. */
  retrying: number;
  /** When the oldest of them was queued. */
  oldestAt: number;
}

/** One report of a story: which outlet, when, in what language. */
export interface StoryReport {
  itemId: number;
  feedId: string;
  source: string;
  title: string;
  url: string | null;
  lang: string | null;
  publishedAt: number;
}

/** A story of a time window and how it spread: its reports in the window, oldest first. */
export interface StorySpread {
  storyId: number;
  /** Distinct outlets (feeds) that reported it in the window. */
  outlets: number;
  /** Its reports in the window. */
  reportCount: number;
  /** Its best score over all topics, or null when none was scored. */
  score: number | null;
  /** Oldest first, at most the asked limit per story. */
  reports: StoryReport[];
}

/**
 * What the status page reads besides the feeds and the counts of `/radar status`: each query is
 * bounded (a limit, or a range of an index over a time window), never a scan of the items or the outbox.
 */
export interface OverviewStore {
  /** The channels that have outbox rows, in id order (one index probe per channel). */
  outboxChannels(): Promise<string[]>;
  /** A channel's alerts queued since `since`: how many, and the newest `limit` of them. */
  channelAlerts(channelId: string, since: number, limit: number): Promise<ChannelAlerts>;
  /** A channel's alerts queued since `since`, counted per hour (`hour`: epoch ms at the start of the UTC hour), oldest first; hours without alerts are left out. */
  alertsPerHour(channelId: string, since: number): Promise<Array<{ hour: number; count: number }>>;
  /** The waiting outbox rows per channel, in channel order; channels with none are left out. */
  outboxQueues(): Promise<ChannelQueue[]>;
  /**
   * The stories of the items published since `since`, the most widely reported first (outlets,
   * then reports, then the newest), at most `limit`, each with its best score and its first
   * `reportsEach` reports of the window.
   */
  storySpreads(since: number, limit: number, reportsEach: number): Promise<StorySpread[]>;
}

/** The feeds Radar polls and their state. */
export interface FeedStore {
  /** Makes the feeds table hold these feeds (state kept for known ids; config feeds no longer listed are dropped from polling). */
  syncFeeds(feeds: FeedDefinition[]): Promise<void>;
  listFeeds(): Promise<FeedRecord[]>;
  /**
   * Adds (or re-activates) a feed added from chat; 'exists' when an active feed has this id or URL,
   * 'full' when `maxFromChat` feeds added from chat are already active (checked in the same write).
   */
  addFeed(feed: FeedDefinition, maxFromChat?: number): Promise<'added' | 'exists' | 'full'>;
  /** Stops polling a feed added from chat (its items stay); a config feed is removed in the config file. */
  removeFeed(url: string): Promise<'removed' | 'not_found' | 'config'>;
  /** Feeds whose next poll is due at `now`, soonest first. */
  dueFeeds(now: number, limit: number): Promise<FeedRecord[]>;
  /**
   * Claims up to `limit` due feeds for `owner` until `leaseUntil`, soonest first, in one write: a
   * due feed is free when no instance claims it, `owner` does (its poll could not let go: the
   * database was lost), or the claim ran out at `now` (an instance that stopped without letting go).
   * Instances polling one database never claim the same feed at once.
   */
  claimFeeds(owner: string, now: number, leaseUntil: number, limit: number): Promise<FeedRecord[]>;
  /** Extends the owner's claims on these feeds until `leaseUntil`; returns the ids it still holds. */
  renewFeedClaims(owner: string, feedIds: readonly string[], leaseUntil: number): Promise<string[]>;
  /** Lets go of the owner's claims on these feeds (polled and recorded, or not started); others' claims stay. */
  releaseFeeds(owner: string, feedIds: readonly string[]): Promise<void>;
  /** Of these keys, the ones already stored for the feed. */
  knownKeys(feedId: string, keys: string[]): Promise<Set<string>>;
  /** A 304 or a document with nothing new: only the feed's state changes. */
  recordSuccess(feedId: string, state: FeedStateUpdate): Promise<void>;
  recordFailure(feedId: string, error: string, state: FeedStateUpdate): Promise<void>;
}

/**
 * Where a feed's WebSub subscription stands (src/websub):
 * - `discovered`: the feed names a hub; no request sent yet;
 * - `requested`: a subscription request was sent; the hub has not verified it yet;
 * - `active`: the hub verified it; pushes are taken until `leaseUntil` (renewed before then);
 * - `failed`: the hub refused, never verified, or denied it; the feed stays on polling and the
 *   subscription is tried again at `retryAt`;
 * - `unsubscribing`: the feed was removed; an unsubscription request was sent.
 */
export type SubscriptionState = 'discovered' | 'requested' | 'active' | 'failed' | 'unsubscribing';

export interface Subscription {
  feedId: string;
  hub: string;
  /** The topic URL subscribed to (the feed's rel=self, else its URL). */
  topic: string;
  /** The opaque last segment of the callback URL (`/websub/<callbackId>`). */
  callbackId: string;
  /** The HMAC key sent as hub.secret; never logged. */
  secret: string;
  state: SubscriptionState;
  /** When the last (un)subscription request was sent. */
  requestedAt: number | null;
  /** When the hub last verified the subscription. */
  verifiedAt: number | null;
  leaseUntil: number | null;
  /** Why the feed is not pushed (a refusal, no verification, a denial); shown by `/radar feeds`. */
  reason: string | null;
  /** When a failed subscription is tried again. */
  retryAt: number | null;
  /** Counts the writes of this row: an update names the version it read (compare and set). */
  version: number;
}

/** WebSub subscriptions, one per feed whose document names a hub. */
export interface SubscriptionStore {
  listSubscriptions(): Promise<Subscription[]>;
  /** The subscription whose callback URL ends in `callbackId`, or null. */
  subscriptionByCallback(callbackId: string): Promise<Subscription | null>;
  /**
   * A hub found in a feed's document: a new row (`discovered`, with this callback id and secret), or,
   * when the feed's stored hub or topic differ, the row starts over as `discovered` with them; else nothing.
   */
  noteHub(found: { feedId: string; hub: string; topic: string; callbackId: string; secret: string }): Promise<void>;
  /** Writes the row if it is still at `sub.version` (then at version + 1); false when another write came first. */
  updateSubscription(sub: Subscription): Promise<boolean>;
  /** Deletes the feed's subscription if its callback id is still this one. */
  deleteSubscription(feedId: string, callbackId: string): Promise<void>;
}

/** Stored items with their decisions: one write per poll (or cycle). */
export interface ItemStore {
  /**
   * Stores new items, their scores, stories, alerts and follow-ups, and the feed's success state, in
   * one transaction. Returns the new row ids in input order (0 for an item already stored).
   */
  saveItems(feedId: string, items: NewItem[], state: FeedStateUpdate, options?: SaveOptions): Promise<number[]>;
  /**
   * Like saveItems for several feeds in one transaction (a poll cycle): items in `options.order`,
   * so that the earliest report of a story, whichever feed carries it, is the one that starts it.
   */
  saveBatches(batches: FeedBatch[], options?: SaveOptions): Promise<SavedBatch[]>;
  /** Items published since `since` that carry a story fingerprint, oldest first. */
  storyItems(since: number): Promise<StoryItemRow[]>;
  /**
   * A mark of the items stored now: taken before `storyItems`, a catch-up from it returns every
   * item that call may have missed (stored meanwhile, or by a write that commits later).
   */
  storyMark(): Promise<StoryMark>;
}

/** The outbox: one queue per channel of alerts, follow-ups and overflow lines. */
export interface OutboxStore {
  /**
   * Outbox rows due for delivery (of one channel, or all), in queue order (due time, then as
   * queued); a row waiting for a retry holds back the later rows of its channel. Costs what is
   * returned, not what is scheduled ahead.
   */
  pendingDeliveries(now: number, limit: number, channelId?: string | null): Promise<OutboxRow[]>;
  /** The channels that have rows due for delivery. */
  dueChannels(now: number): Promise<string[]>;
  /**
   * A row posted, with the platform's message id. For a follow-up, `posted` is the payload that went
   * out: reports a write added to the row meanwhile are queued as a new follow-up, due at `at`.
   */
  markDelivered(rowId: number, messageId: string, at: number, posted?: FollowUpPayload): Promise<void>;
  /** A failed attempt at `at`: retried at `retryAt` (keeping its place in the queue), or given up when `retryAt` is null. */
  markDeliveryFailed(rowId: number, error: string, retryAt: number | null, at: number): Promise<void>;
  /** Settles a due follow-up whose row names no posted alert (see `FollowUpFate`), in one write. */
  resolveFollowUp(rowId: number, at: number): Promise<FollowUpFate>;
}

/** What every instance knows of a platform channel's pace: its last post, and a rate limit's end. */
export interface ChannelPace {
  lastPostAt: number | null;
  /** Posts wait until then (a platform's Retry-After). */
  blockedUntil: number | null;
}

/**
 * Delivery leases: one instance at a time posts to a platform channel (`adapter:target`), so that
 * each channel's queue goes out in order and at the platform's pace whatever the instance count.
 */
export interface ChannelLeaseStore {
  /**
   * Takes or renews the channel's lease for `owner` until `leaseUntil`: free when nobody holds it or
   * the holder's lease ran out at `now`. Returns the channel's pace, or null while another holds it.
   */
  leaseChannel(channel: string, owner: string, now: number, leaseUntil: number): Promise<ChannelPace | null>;
  /**
   * Records a post (or a refusal) on the channel: the later of the stored and the given times are
   * kept, whoever holds the lease. Returns whether `owner` still holds it.
   */
  recordChannelPace(channel: string, owner: string, pace: ChannelPace): Promise<boolean>;
  /** Lets go of the owner's lease (the pace stays for the next holder). */
  releaseChannel(channel: string, owner: string): Promise<void>;
}

/** Channel settings as commands change them. */
export interface ChannelStore {
  /** Creates settings for channels not stored yet (existing channels keep what commands set). */
  seedChannels(channels: ChannelSettings[], at: number): Promise<void>;
  listChannels(): Promise<ChannelSettings[]>;
  updateChannel(id: string, patch: { threshold?: number; topics?: string[] }, by: string, at: number): Promise<void>;
  /** Adds a watch or mute term: 'exists' when the channel has it, 'full' when it has `max` of that kind (checked in the same write). */
  addChannelTerm(id: string, kind: TermKind, term: string, by: string, at: number, max?: number): Promise<'added' | 'exists' | 'full'>;
  /** Removes a term; false when the channel did not have it. */
  removeChannelTerm(id: string, kind: TermKind, term: string): Promise<boolean>;
}

/** Reading stored items back: search, top stories, lookup by URL. */
export interface SearchStore {
  /** Full-text search over titles and summaries (accent- and case-insensitive), best matches first. */
  searchItems(query: SearchQuery): Promise<ItemHit[]>;
  /**
   * Brings the full-text index up to date with stored items; returns how many it added. Run after
   * each poll cycle, and by searchItems first, so that a search always sees every stored item. A
   * store that indexes each item in its write returns 0.
   */
  indexPending(): Promise<number>;
  /** The highest-scoring stories for the topics among items published since `since`. */
  topStories(query: { since: number; topics: readonly string[]; limit: number }): Promise<StoryHit[]>;
  /** The most recent item with this URL (exact, or its canonical form). */
  findItemByUrl(url: string, canonical: string | null): Promise<ItemHit | null>;
}

/** What a channel has learned from its votes (src/learn): a weight per feature, and the votes behind each. */
export interface LearnedModel {
  /** Feature name → logit weight. */
  weights: Record<string, number>;
  /** Per weighted feature: voted items that had it, marked relevant and not for us. */
  counts: Record<string, { relevant: number; notForUs: number }>;
  votes: number;
  people: number;
}

/** A vote as a channel's model learns from it: the item's features and topic logit when it was voted on. */
export interface LearningExample {
  itemId: number;
  person: string;
  /** True for "relevant", false for "not for us". */
  relevant: boolean;
  topicId: string;
  features: Record<string, number>;
  logit: number;
  at: number;
}

/** Per-channel learning: the votes' examples and the model fitted to them. */
export interface LearningStore {
  /**
   * Records a person's vote on an item in a channel (replacing their earlier vote on it), fits the
   * channel's model with `fit` over all its examples (oldest first) in the same write, stores it
   * and counts up the settings version (so every instance routes with it). Returns the model.
   */
  learnFromVote(channelId: string, example: LearningExample, fit: (examples: LearningExample[]) => LearnedModel): Promise<LearnedModel>;
  /** The stored models of every channel that has one. */
  channelModels(): Promise<Array<{ channelId: string; model: LearnedModel; updatedAt: number }>>;
  /** Forgets what a channel learned (its examples and model); returns how many votes were forgotten. */
  forgetLearning(channelId: string): Promise<number>;
  /** A stored item by its row id, as search finds it. */
  itemById(itemId: number): Promise<ItemHit | null>;
}

/** A reader's verdict on an alert: more like it ("Relevant") or fewer ("Not for us"). */
export type Vote = 'good' | 'bad';

/** One person's vote on one item in one channel (the store keeps one per channel, item and person). */
export interface VoteRecord {
  channelId: string;
  itemId: number;
  /** The platform user id of who voted (`U…` on Slack, a snowflake on Discord, `cli` from `radar cmd`). */
  person: string;
  vote: Vote;
  at: number;
}

/** An alert as a feedback button names it: its outbox row, the channel it went to, its item and story. */
export interface AlertReference {
  rowId: number;
  channelId: string;
  itemId: number;
  storyId: number | null;
}

/** Feedback on alerts: votes per person, and stories muted in a channel. */
export interface FeedbackStore {
  /** The alert an outbox row id names (alerts only), or null. */
  alertReference(rowId: number): Promise<AlertReference | null>;
  /**
   * Records a vote: a person's second vote on the same item in the channel replaces the first.
   * `changed` is false when the same vote was already recorded; `previous` is the vote replaced.
   */
  recordVote(vote: VoteRecord): Promise<{ changed: boolean; previous: Vote | null }>;
  /** A channel's votes, oldest first. */
  channelVotes(channelId: string): Promise<VoteRecord[]>;
  /**
   * Mutes a story in a channel: its pending follow-ups there are dropped and no later one is
   * queued. `changed` is false when it was muted already; `dropped` counts the follow-ups dropped.
   */
  muteStory(channelId: string, storyId: number, by: string, at: number): Promise<{ changed: boolean; dropped: number }>;
}

/** How a settings watch checks: every `checkEveryMs` besides the store's notifications; errors are reported, not thrown. */
export interface WatchOptions {
  checkEveryMs: number;
  onError?: (error: unknown) => void;
}

export interface SettingsWatch {
  stop(): Promise<void>;
}

export interface CampaignOptions {
  /** How often an instance that does not hold the role tries for it (and the holder checks its hold). */
  retryMs: number;
  onElected(): void;
  onDeposed(): void;
  onError?: (error: unknown) => void;
}

/** An instance's campaign for a role. */
export interface Campaign {
  /** Whether this instance holds the role now. */
  readonly leading: boolean;
  /** Settles after the first try (after `onElected` when it won). */
  readonly firstTry: Promise<void>;
  /** Gives the role up (if held) and stops trying. */
  stop(): Promise<void>;
}

/** The instances that share the store: settings changes seen by all, and roles held by one. */
export interface CoordinationStore {
  /** Counts the writes of channel settings (seeded, terms, threshold, topics). */
  settingsVersion(): Promise<number>;
  /**
   * Calls `onChange` after any instance (or process) changed channel settings: within moments where
   * the store notifies, and within `checkEveryMs` otherwise, also for a notification missed while
   * disconnected.
   */
  watchSettings(onChange: () => Promise<void> | void, options: WatchOptions): Promise<SettingsWatch>;
  /**
   * Campaigns for `role`, held by one instance at a time: `onElected` when this one takes it,
   * `onDeposed` when it loses it (its hold on the store ended). While another holds it, tried every
   * `retryMs`; an instance that dies lets go, and another takes over within that time.
   */
  campaign(role: string, options: CampaignOptions): Promise<Campaign>;
}

/** A story of a channel's digest window as the store reads it: the channel's first alert of it and its spread. */
export interface DigestCandidate {
  storyId: number;
  /** The channel's first alert of the story (headline, link). */
  alert: AlertPayload;
  /** When that alert was queued. */
  alertedAt: number;
  /** Distinct outlets (feeds) among all its reports, and their names (in name order). */
  outlets: number;
  sources: string[];
  /** Its reports, and their distinct languages. */
  reports: number;
  langs: string[];
  /** Its best score over the asked topics (any of its reports), or null when none was scored. */
  score: number | null;
  /** Whether an alert of it in the channel is held by quiet hours. */
  held: boolean;
}

/** What a digest is made of: the window's stories, and the channel's held alert rows. */
export interface DigestSelection {
  stories: DigestCandidate[];
  /** Outbox ids of the channel's alerts held by quiet hours (released when a digest is queued). */
  held: number[];
}

/**
 * Digests and quiet hours: a digest is an outbox row of its own kind, one per channel and key (the
 * local date of a scheduled digest), so that asking twice (a restart at the digest minute, a new
 * leader) queues it once; alerts held by quiet hours leave the queue until a digest releases them.
 */
export interface DigestStore {
  /**
   * The stories of the channel's alerts queued since `since` (given up or not) and of its held
   * alerts (whenever queued), each with its spread over all its reports and its best score over
   * `topics`, plus the held alert rows. Bounded by the channel's alerts of the window.
   */
  digestStories(channelId: string, since: number, topics: readonly string[]): Promise<DigestSelection>;
  /**
   * Queues the channel's digest under `key` and marks the `release`d held alerts digested, in one
   * write; false (and nothing changes) when a digest with this key was queued before.
   */
  queueDigest(channelId: string, key: string, payload: DigestPayload, release: readonly number[], at: number): Promise<boolean>;
  /** Takes a pending alert out of the queue until the channel's next digest (quiet hours). */
  holdAlert(rowId: number): Promise<void>;
}

export interface Store extends FeedStore, ItemStore, OutboxStore, ChannelLeaseStore, ChannelStore, SearchStore, OverviewStore, CoordinationStore, DigestStore, SubscriptionStore, LearningStore, FeedbackStore {
  /** Applies pending migrations; returns how many ran. */
  migrate(): Promise<number>;
  /** Resolves when the database answers; a server that does not is a StoreError 'store_unavailable'. */
  ping(): Promise<void>;
  /** The instances that hold feed claims or channel leases. */
  claimOwners(): Promise<string[]>;
  /** Lets go of everything an instance holds (an instance known to be gone), without waiting for its leases. */
  releaseOwner(owner: string): Promise<void>;
  counts(since: number): Promise<StoreCounts>;
  operatingState(now: number): Promise<OperatingState>;
  close(): Promise<void>;
}
