/**
 * Rows as both stores read them back (times as numbers, JSON text columns parsed), turned into the
 * Store's records.
 */
import type {
  AlertPayload, AlertRecord, AlertReference, ChannelQueue, ChannelSettings, DigestCandidate, FeedRecord, FollowUpReport, ItemHit, LearnedModel, LearningExample, OutboxRow,
  StoryItemRow, StoryReport, StorySpread, Subscription, TermKind, Vote, VoteRecord,
} from './store.ts';

export type Row = Record<string, unknown>;

/** The alert a follow-up becomes if the story's alert in its channel is given up: its first report that alerts the channel (outbox `fallback`, JSON). */
export interface Fallback {
  itemId: number;
  alert: AlertPayload;
  report: FollowUpReport;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toFeed(r: Row): FeedRecord {
  return {
    id: String(r.id),
    url: String(r.url),
    name: String(r.name),
    origin: r.origin === 'chat' ? 'chat' : 'config',
    etag: (r.etag as string | null) ?? null,
    lastModified: (r.last_modified as string | null) ?? null,
    nextPollAt: Number(r.next_poll_at),
    consecutiveFailures: Number(r.consecutive_failures),
    lastError: (r.last_error as string | null) ?? null,
    lastErrorAt: num(r.last_error_at),
    lastSuccessAt: num(r.last_success_at),
    lastPolledAt: num(r.last_polled_at),
    seeded: Number(r.seeded) === 1,
    pollIntervalMs: num(r.poll_interval_ms),
    pollReason: (r.poll_reason as string | null | undefined) ?? null,
    rhythm: (r.rhythm as string | null | undefined) ?? null,
  };
}

export function toHit(r: Row): ItemHit {
  return {
    id: Number(r.id),
    feedId: String(r.feed_id),
    key: String(r.item_key),
    url: (r.url as string | null) ?? null,
    title: String(r.title),
    summary: String(r.summary),
    content: String(r.content),
    author: (r.author as string | null) ?? null,
    categories: JSON.parse(String(r.categories)) as string[],
    lang: (r.lang as string | null) ?? null,
    publishedAt: Number(r.published_at),
    fetchedAt: Number(r.fetched_at),
    source: String(r.source),
    score: num(r.score),
    storyId: num(r.story_id),
  };
}

export function toOutboxRow(r: Row): OutboxRow {
  return {
    id: Number(r.id),
    channelId: String(r.channel_id),
    kind: r.kind as OutboxRow['kind'],
    itemId: Number(r.item_id),
    storyId: num(r.story_id),
    payload: JSON.parse(String(r.payload)),
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    parentMessageId: (r.parent_message_id as string | null) ?? null,
  };
}

/** Channel rows with their terms (ordered as added). */
export function toChannels(channels: Row[], terms: Row[]): ChannelSettings[] {
  return channels.map((r) => {
    const id = String(r.id);
    const of = (kind: TermKind) => terms.filter((t) => t.channel_id === id && t.kind === kind).map((t) => String(t.term));
    return { id, threshold: Number(r.threshold), topics: JSON.parse(String(r.topics)) as string[], watch: of('watch'), mute: of('mute') };
  });
}

export function toStoryItem(r: Row): StoryItemRow {
  return {
    itemId: Number(r.id),
    storyId: Number(r.story_id),
    publishedAt: Number(r.published_at),
    canonicalUrl: (r.canonical_url as string | null) ?? null,
    signature: new Uint8Array(r.signature as Buffer),
  };
}

export function toAlertRecord(r: Row): AlertRecord {
  const status = r.status === 'sent' || r.status === 'failed' || r.status === 'held' || r.status === 'digested' ? r.status : 'pending';
  return { id: Number(r.id), channelId: String(r.channel_id), createdAt: Number(r.created_at), status, payload: JSON.parse(String(r.payload)) as AlertPayload };
}

export function toChannelQueue(r: Row): ChannelQueue {
  return { channelId: String(r.channel_id), pending: Number(r.n), retrying: Number(r.retrying ?? 0), oldestAt: Number(r.oldest) };
}

export function toStoryReport(r: Row): StoryReport {
  return {
    itemId: Number(r.id),
    feedId: String(r.feed_id),
    source: String(r.source),
    title: String(r.title),
    url: (r.url as string | null) ?? null,
    lang: (r.lang as string | null) ?? null,
    publishedAt: Number(r.published_at),
  };
}

/** A story row of the window (story, outlets, reports, score) with its reports. */
export function toStorySpread(r: Row, reports: Row[]): StorySpread {
  return { storyId: Number(r.story), outlets: Number(r.outlets), reportCount: Number(r.reports), score: num(r.score), reports: reports.map(toStoryReport) };
}

/** A digest candidate row: a story, its first alert in the channel, its spread and best score (JSON arrays as text or parsed). */
export function toDigestCandidate(r: Row): DigestCandidate {
  const list = (v: unknown) => ((typeof v === 'string' ? JSON.parse(v) : v ?? []) as unknown[]).filter((x): x is string => typeof x === 'string').sort();
  return {
    storyId: Number(r.story_id),
    alert: JSON.parse(String(r.payload)) as AlertPayload,
    alertedAt: Number(r.created_at),
    outlets: Number(r.outlets),
    sources: list(r.sources),
    reports: Number(r.reports),
    langs: list(r.langs),
    score: num(r.score),
    held: Number(r.held) > 0,
  };
}

export function toSubscription(r: Row): Subscription {
  return {
    feedId: String(r.feed_id),
    hub: String(r.hub),
    topic: String(r.topic),
    callbackId: String(r.callback_id),
    secret: String(r.secret),
    state: r.state as Subscription['state'],
    requestedAt: num(r.requested_at),
    verifiedAt: num(r.verified_at),
    leaseUntil: num(r.lease_until),
    reason: (r.reason as string | null) ?? null,
    retryAt: num(r.retry_at),
    version: Number(r.version),
  };
}

export function toLearningExample(r: Row): LearningExample {
  return {
    itemId: Number(r.item_id),
    person: String(r.person),
    relevant: r.relevant === true || Number(r.relevant) === 1,
    topicId: String(r.topic_id),
    features: JSON.parse(String(r.features)) as Record<string, number>,
    logit: Number(r.logit),
    at: Number(r.voted_at),
  };
}

export function toChannelModel(r: Row): { channelId: string; model: LearnedModel; updatedAt: number } {
  return { channelId: String(r.channel_id), model: JSON.parse(String(r.model)) as LearnedModel, updatedAt: Number(r.updated_at) };
}

export function toReference(row: Row): AlertReference {
  return { rowId: Number(row.id), channelId: String(row.channel_id), itemId: Number(row.item_id), storyId: row.story_id === null ? null : Number(row.story_id) };
}

export function toVote(row: Row): VoteRecord {
  return { channelId: String(row.channel_id), itemId: Number(row.item_id), person: String(row.person), vote: row.vote as Vote, at: Number(row.voted_at) };
}
