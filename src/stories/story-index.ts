/**
 * The in-memory story index: "is this item a story we already have?" in constant time.
 *
 * Candidates come from buckets: each item is filed under each of its title + lede terms (see
 * {@link writeBucketKeys}), so an item meets the recent items that share a term with it. Buckets are fixed-size rings of {@link StoryIndexOptions.bucketSize}
 * slots in one typed-array table: a lookup reads at most `keys × bucketSize` candidates, whatever
 * the history, and a crowded bucket (two words every outlet uses) keeps its most recent items.
 * This is the scheme of Petrović et al., "Streaming First Story Detection with application to
 * Twitter" (NAACL 2010), with term keys in place of random hyperplanes.
 *
 * Candidates are then checked exactly (`isSameStory`) with IDF weights from the window, and against
 * their story as a whole: each story has a seed, its earliest item in the index, and an item joins
 * a story through one of its items only if
 * - it clears the threshold of the story's age (time since the seed) as well as that of the gap to
 *   the item: a story takes loose matches in its first hours, later only close text, so a chain of
 *   loose matches (C like B, B like A) cannot carry it to a different event;
 * - it shares at least `MIN_SHARED_TERMS` terms with the seed, the condition any two items of one
 *   story must meet: a story cannot drift away from what it began as, even within its first hours;
 * - it is not about someone else (`aboutSomeoneElse`): a story whose headlines keep naming one
 *   person does not take a report about another person of the same family or case.
 * Cross-language items still join through members in their own language, since neither condition
 * asks for the score against the seed. The seed of each story is found through a map from story
 * id to its earliest item, with items of a story linked in insertion order; when the seed leaves
 * the window, the next item of the story becomes the seed. So the seed is a function of the items
 * in the index, and `fromRows` rebuilds the same seeds.
 *
 * When no single item is close enough, the query is checked against the candidates' stories as
 * wholes (`matchStory`): real reports of one event share little pairwise, and much with the story
 * their predecessors make together.
 *
 * Entries live in a ring ordered by insertion; eviction drops entries published before
 * `latest publishedAt − window`. Callers should pass `publishedAt` clamped to the fetch time, so a
 * feed that dates an item in the future cannot evict the window early.
 */
import { carriesAlways, crossLanguageScores, MIN_SHARED_ACROSS, sharedSpecific } from './cross-language.ts';
import { fmix32 } from './hash.ts';
import { namesConflict } from './names.ts';
import { NumberMap } from './number-map.ts';
import { decodeSignature, isLexiconTerm, isNumericTerm, MAX_BODY_TERMS, type Signature } from './signature.ts';
import {
  decide,
  MIN_SHARED_TERMS,
  numbersConflict,
  sharedCount,
  sortedHas,
  STORY_THRESHOLD,
  verdict,
  weigh,
  weighNorms,
  type WeighedSignature,
} from './similarity.ts';
import { TermFrequencies } from './term-frequencies.ts';

/** One item as the index keeps it. */
export interface StoryEntry {
  itemId: number;
  storyId: number;
  /** Epoch milliseconds. */
  publishedAt: number;
  canonicalUrl: string | null;
  signature: Signature;
}

/** A stored row: the signature as the bytes of `encodeSignature`, or decoded. */
export type StoryRow = Omit<StoryEntry, 'signature'> & { signature: Signature | Uint8Array };

/** What to look up: an item not yet in the index. */
export type StoryCandidate = Pick<StoryEntry, 'publishedAt' | 'canonicalUrl' | 'signature'>;

/** The story an item belongs to, with the item that showed it. */
export interface StoryMatch {
  storyId: number;
  itemId: number;
  /** 1 for a URL match, else the text score. */
  similarity: number;
  reason: 'url' | 'text';
}

/** Index tuning; the defaults suit a newsroom and the 1M-item benchmark alike. */
export interface StoryIndexOptions {
  /** How far back stories are matched, in ms. Default 72 h. */
  windowMs?: number;
  /** Most recent items kept per bucket. Default 3. */
  bucketSize?: number;
  /** Candidates scored exactly per lookup: those sharing the most query weight. Default 3. */
  maxScored?: number;
}

/**
 * Matching a story as a whole (see `matchStory`): stories of two items or more, profiles of their
 * first `maxItems` items; the threshold is `near` for the story's first `nearHours`, then
 * rises to `far` over `riseHours`. Slower than the pairwise rise: the profile of several reports
 * is evidence no single report gives, and real coverage spreads over a whole news day.
 */
export const STORY_PROFILE = { candidates: 8, minCore: 2, coreNamesFrom: 3, maxItems: 32, near: 0.15, far: 0.7, nearHours: 4, riseHours: 36 } as const;

/** The profile score a query must reach to join a story `ageMs` old. */
export function storyProfileThreshold(ageMs: number): number {
  const { near, far, nearHours, riseHours } = STORY_PROFILE;
  const h = Math.max(0, ageMs) / 3_600_000;
  return near + (far - near) * Math.min(1, Math.max(0, h - nearHours) / riseHours);
}

/** A story's items in the index as one: term → number of its items that use it. */
interface StoryProfile {
  counts: Map<number, number>;
  slots: number[];
  /** Items per language (index: `Language`). */
  langs: number[];
  items: number;
  /** Publication time of its earliest item. */
  first: number;
  /** Publication time of its latest item. */
  last: number;
  lastItemId: number;
}

/**
 * How long a score over the terms that carry across languages may decide: while the story and the
 * two items are within the near hours of the pairwise threshold. Those few terms (names, a
 * number, a concept) are what any two reports of one actor share, so the next development of the
 * story (the market's reply to a launch, a hearing after an arrest) scores as high as the event
 * itself. Later, an item in the other language is scored over all its terms, or joins the story as
 * a whole (`matchStory`).
 */
const ACROSS_FOR_MS = STORY_THRESHOLD.nearHours * 3_600_000;

/** Default story window: 72 hours. */
export const DEFAULT_STORY_WINDOW_MS = 72 * 3_600_000;

/** Bucket keys per item at most: one per title + lede term, of the terms with the smallest hashes. */
const MAX_KEYS = 16;
const EMPTY = -1;
/** Average keys per bucket before the table doubles; with 3 places per bucket, 2 keeps crowding low. */
const KEYS_PER_SLOT = 2;
const SEQ_MASK = 0x7fff_ffff;
const VACANT = 0xffff_ffff;
const [SEQ, STAMP, MINUTE, COUNT, TITLE_LO, TITLE_HI, TERMS] = [0, 1, 2, 3, 4, 5, 6];
/** In the COUNT word, above the term count: the inline terms are the whole signature (see `add`). */
const WHOLE = 0x100;
const COUNT_MASK = 0xff;
/** Words per entry, rounded up to whole 64-byte cache lines: an entry's terms start a line. */
const STRIDE = Math.ceil((TERMS + MAX_BODY_TERMS) / 16) * 16;
const toMinute = (ms: number): number => Math.max(0, Math.min(0xffff_fffe, Math.floor(ms / 60_000)));

/** A bucket table of `slots` empty rings of `size` places, each after its cursor (0). */
function newTable(slots: number, size: number): Int32Array {
  const table = new Int32Array(slots * (size + 1)).fill(EMPTY);
  for (let i = 0; i < table.length; i += size + 1) table[i] = 0;
  return table;
}

/**
 * Writes the bucket keys of an item to `out` (room for {@link MAX_KEYS}) and returns how many: one
 * per title + lede term, for the terms with the smallest hashes. Single terms, not pairs of terms:
 * across languages and outlets two reports of one event often share only a name, a number and a
 * concept or two, rarely a given pair of them. Taking the smallest hashes is a bottom-k sample
 * coordinated across items (MinHash with one permutation): a term two items share is in both
 * samples or in neither, more often than chance. A bucket of a word every outlet uses keeps only
 * its most recent items; a name's bucket keeps the items that name it, which is how a late report
 * finds its story.
 */
function writeBucketKeys(sig: Signature, out: Uint32Array): number {
  const n = Math.min(sig.body.length, MAX_KEYS);
  for (let i = 0; i < n; i++) out[i] = fmix32(sig.body[i]! ^ 0x5bd1e995);
  return n;
}

/** The bucket keys of an item: hashes of its title + lede terms (see {@link writeBucketKeys}). */
export function bucketKeys(sig: Signature): number[] {
  const keys = new Uint32Array(MAX_KEYS);
  return Array.from(keys.subarray(0, writeBucketKeys(sig, keys)));
}

/** The in-memory index of recent items by story; see the module header. */
export class StoryIndex {
  private readonly windowMs: number;
  private readonly bucketSize: number;
  private readonly maxScored: number;
  private readonly df = new TermFrequencies();
  /** Document frequencies per language (index: `Language`; 0 unused): what carries across. */
  private readonly dfByLang = [new TermFrequencies(), new TermFrequencies(), new TermFrequencies()];
  private readonly byUrl = new Map<string, number>();
  /** Story id → sequence number (mod 2^31) of the story's seed, its earliest entry in the index. */
  private readonly seeds = new NumberMap();

  // Entries: a ring indexed by sequence number & mask. `arena` holds, per slot, what a candidate
  // scan reads, contiguous: [sequence number mod 2^31 (VACANT once evicted), lookup stamp,
  // publication minute, term count (| WHOLE), title-term bit mask (2 words), ...title + lede
  // terms]. One or two cache lines per candidate instead of one miss per array: this is what keeps
  // a 1M-item window fast. A WHOLE entry is scored from here alone, without its signature.
  private mask = 1023;
  private arena = new Uint32Array(1024 * STRIDE).fill(VACANT);
  private itemIds = new Float64Array(1024);
  private storyIds = new Float64Array(1024);
  private times = new Float64Array(1024);
  private keyCounts = new Uint8Array(1024);
  private langs = new Uint8Array(1024);
  // Items of a story as a list in insertion order: per entry the next entry of its story (sequence
  // number mod 2^31, EMPTY at the end), and per seed the last entry of its story.
  private nextInStory = new Int32Array(1024).fill(EMPTY);
  private lastInStory = new Int32Array(1024).fill(EMPTY);
  private sigs: (Signature | undefined)[] = new Array<Signature | undefined>(1024);
  private urls: (string | null)[] = new Array<string | null>(1024).fill(null);
  private head = 0;
  private tail = 0;
  private latest = -Infinity;

  // Buckets: `slotMask + 1` rings of `bucketSize` sequence numbers (mod 2^31), EMPTY when unused,
  // each after its write cursor: [cursor, ...ring]. The cursor shares the ring's cache line, so
  // filing an item after its lookup touches no new memory.
  private slotMask = (1 << 14) - 1;
  private table: Int32Array;
  private liveKeys = 0;

  // Per-lookup scratch, and the keys of the last lookup (add() after match() reuses them).
  private lookup = 0;
  private readonly topSeq: Int32Array;
  private readonly topW: Float64Array;
  private readonly found: Int32Array;
  private qKeys = new Uint32Array(128);
  private qStamps = new Uint32Array(128);
  private qWeights = new Float64Array(128);
  /** 1 for a query term of the lexicon (see `isLexiconTerm`), else 0. */
  private qLexicon = new Uint8Array(128);
  private lastSig: Signature | null = null;
  /** Per lookup: the stories of the candidates, by the most weight one of their items shares with the query. */
  private readonly storyCands = new Float64Array(STORY_PROFILE.candidates);
  private readonly storyW = new Float64Array(STORY_PROFILE.candidates);
  private storyCount = 0;
  private readonly lastKeys = new Uint32Array(MAX_KEYS);
  private lastKeyCount = 0;

  constructor(options: StoryIndexOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_STORY_WINDOW_MS;
    this.bucketSize = Math.max(1, Math.min(255, options.bucketSize ?? 3));
    this.maxScored = Math.max(1, options.maxScored ?? 3);
    this.topSeq = new Int32Array(this.maxScored);
    this.topW = new Float64Array(this.maxScored);
    this.found = new Int32Array(MAX_KEYS * this.bucketSize);
    this.table = newTable(this.slotMask + 1, this.bucketSize);
  }

  /**
   * An index rebuilt from stored rows (any order; they are replayed by publication time, so the
   * seed of each story is its earliest row, as it was in the index that stored them).
   */
  static fromRows(rows: Iterable<StoryRow>, options: StoryIndexOptions = {}): StoryIndex {
    const list = Array.from(rows, (r) => ({
      ...r,
      signature: r.signature instanceof Uint8Array ? decodeSignature(r.signature) : r.signature,
    }));
    list.sort((a, b) => a.publishedAt - b.publishedAt || a.itemId - b.itemId);
    const index = new StoryIndex(options);
    for (const e of list) index.add(e);
    return index;
  }

  /** Items in the index. */
  get size(): number {
    return this.tail - this.head;
  }

  /** Stories with an item in the index (each has one seed). */
  get stories(): number {
    return this.seeds.size;
  }

  /** Files an item under its story, then evicts what fell out of the window. */
  add(entry: StoryEntry): void {
    if (this.tail - this.head > this.mask) this.growEntries();
    const seq = this.tail++;
    const slot = seq & this.mask;
    const sig = entry.signature;
    const base = slot * STRIDE;
    const n = Math.min(sig.body.length, MAX_BODY_TERMS);
    // Which inline terms are title terms, as a bit mask over their positions. When the body is
    // whole inline and holds every title term (as fingerprints always do: the body is title +
    // lede), the entry is WHOLE and scoring reads the arena alone, not the signature.
    let lo = 0;
    let hi = 0;
    let found = 0;
    for (let i = 0, j = 0; i < sig.title.length; i++) {
      const x = sig.title[i]!;
      while (j < n && sig.body[j]! < x) j++;
      if (j < n && sig.body[j] === x) {
        if (j < 32) lo |= 1 << j;
        else hi |= 1 << (j - 32);
        found++;
      }
    }
    const whole = n === sig.body.length && found === sig.title.length;
    this.arena[base + SEQ] = seq & SEQ_MASK;
    this.arena[base + STAMP] = 0;
    this.arena[base + MINUTE] = toMinute(entry.publishedAt);
    this.arena[base + COUNT] = n | (whole ? WHOLE : 0);
    this.arena[base + TITLE_LO] = lo;
    this.arena[base + TITLE_HI] = hi;
    for (let k = 0; k < n; k++) this.arena[base + TERMS + k] = sig.body[k]!;
    this.itemIds[slot] = entry.itemId;
    this.storyIds[slot] = entry.storyId;
    this.times[slot] = entry.publishedAt;
    this.sigs[slot] = sig;
    this.urls[slot] = entry.canonicalUrl;
    if (entry.canonicalUrl) this.byUrl.set(entry.canonicalUrl, seq);
    this.linkToStory(entry.storyId, seq);
    this.df.add(sig);
    this.langs[slot] = sig.lang ?? 0;
    if (sig.lang) this.dfByLang[sig.lang]!.add(sig);
    if (sig !== this.lastSig) {
      this.lastKeyCount = writeBucketKeys(sig, this.lastKeys);
      this.lastSig = sig;
    }
    this.keyCounts[slot] = this.lastKeyCount;
    this.liveKeys += this.lastKeyCount;
    if (this.liveKeys > (this.slotMask + 1) * KEYS_PER_SLOT) this.growTable();
    else this.fileKeys(seq, this.lastKeys, this.lastKeyCount);
    if (entry.publishedAt > this.latest) this.latest = entry.publishedAt;
    this.evictBefore(this.latest - this.windowMs);
  }

  /** The story `candidate` belongs to, or null when it is a new story. */
  match(candidate: StoryCandidate): StoryMatch | null {
    const t = candidate.publishedAt;
    if (candidate.canonicalUrl) {
      const seq = this.byUrl.get(candidate.canonicalUrl);
      if (seq !== undefined) {
        const slot = seq & this.mask;
        if (Math.abs(this.times[slot]! - t) <= this.windowMs) {
          return { storyId: this.storyIds[slot]!, itemId: this.itemIds[slot]!, similarity: 1, reason: 'url' };
        }
      }
    }
    const sig = candidate.signature;
    const keys = this.lastKeys;
    const nKeys = (this.lastKeyCount = writeBucketKeys(sig, keys));
    this.lastSig = sig;
    if (this.size === 0 || sig.body.length < MIN_SHARED_TERMS) return null;

    this.lookup = (this.lookup + 1) >>> 0;
    if (this.lookup === 0) {
      for (let i = STAMP; i < this.arena.length; i += STRIDE) this.arena[i] = 0;
      this.qStamps.fill(0);
      this.lookup = 1;
    }
    const stamp = this.lookup;
    const minute = toMinute(t);
    const windowMinutes = Math.ceil(this.windowMs / 60_000) + 1;
    const query = weigh(sig, this.df);
    const qb = sig.body;
    const qw = query.body;
    const top = this.maxScored;
    const bestSeq = this.topSeq;
    const bestW = this.topW;
    const { table, arena, mask } = this;
    const C = this.bucketSize;
    // Three passes, so that the memory reads of one pass do not wait on each other: the bucket
    // rings, then the headers of the candidates they name, then the terms of the live ones. In a
    // 1M-item window each read is a cache miss; issued back to back they overlap.
    const found = this.found;
    let nFound = 0;
    for (let q = 0; q < nKeys; q++) {
      const base = (keys[q]! & this.slotMask) * (C + 1) + 1;
      for (let k = 0; k < C; k++) {
        const stored = table[base + k]!;
        if (stored !== EMPTY) found[nFound++] = stored;
      }
    }
    let nLive = 0;
    for (let f = 0; f < nFound; f++) {
      const stored = found[f]!;
      const slot = stored & mask;
      const cb = slot * STRIDE;
      if (arena[cb + SEQ] !== stored || arena[cb + STAMP] === stamp) continue;
      arena[cb + STAMP] = stamp;
      if (Math.abs(arena[cb + MINUTE]! - minute) > windowMinutes) continue;
      found[nLive++] = slot;
    }
    // The query's terms in a small open-addressing table (occupied = stamped with this lookup), so
    // a candidate's terms are probed one by one instead of merged: fewer unpredictable branches.
    // Probing follows the candidate's terms in ascending order, as a merge would, so `w` sums the
    // same weights in the same order.
    if (qb.length * 2 > this.qKeys.length) this.growQueryTable(qb.length);
    const { qKeys, qStamps, qWeights, qLexicon } = this;
    const qMask = qKeys.length - 1;
    const qShift = Math.clz32(qMask);
    for (let i = 0; i < qb.length; i++) {
      const x = qb[i]!;
      let h = Math.imul(x, 0x9e3779b1) >>> qShift;
      while (qStamps[h] === stamp) h = (h + 1) & qMask;
      qStamps[h] = stamp;
      qKeys[h] = x;
      qWeights[h] = qw[i]!;
      qLexicon[h] = isLexiconTerm(x) ? 1 : 0;
    }
    let count = 0;
    this.storyCount = 0;
    for (let f = 0; f < nLive; f++) {
      const slot = found[f]!;
      const cb = slot * STRIDE;
      // Shared terms and their query weight, probing the inline copy of the candidate's terms. One
      // of them at least must be specific (a name, a number, a word outside the lexicon): countries
      // and "cartel" are no evidence of one event, in a window too small for IDF to tell.
      const cEnd = cb + TERMS + (arena[cb + COUNT]! & COUNT_MASK);
      let n = 0;
      let lexicon = 0;
      let w = 0;
      for (let j = cb + TERMS; j < cEnd; j++) {
        const y = arena[j]!;
        let h = Math.imul(y, 0x9e3779b1) >>> qShift;
        while (qStamps[h] === stamp) {
          if (qKeys[h] === y) {
            n++;
            lexicon += qLexicon[h]!;
            w += qWeights[h]!;
            break;
          }
          h = (h + 1) & qMask;
        }
      }
      if (lexicon === n) continue;
      if (n - lexicon >= STORY_PROFILE.minCore) this.noteStory(this.storyIds[slot]!, w);
      if (n < MIN_SHARED_TERMS) continue;
      if (count === top && w <= bestW[count - 1]!) continue;
      let at = count < top ? count++ : count - 1;
      while (at > 0 && bestW[at - 1]! < w) {
        bestW[at] = bestW[at - 1]!;
        bestSeq[at] = bestSeq[at - 1]!;
        at--;
      }
      bestW[at] = w;
      bestSeq[at] = slot;
    }

    let best: StoryMatch | null = null;
    for (let r = 0; r < count; r++) {
      const slot = bestSeq[r]!;
      const storyId = this.storyIds[slot]!;
      const seed = this.seeds.get(storyId);
      const seedSlot = (seed === -1 ? slot : seed) & mask;
      const gap = this.times[slot]! - t;
      const age = t - this.times[seedSlot]!;
      const lang = this.langs[slot]!;
      const across = Boolean(sig.lang && lang && sig.lang !== lang);
      const { same, score } =
        across && Math.max(Math.abs(gap), age) <= ACROSS_FOR_MS && sharedSpecific(sig.body, this.sigs[slot]!.body) >= MIN_SHARED_ACROSS
          ? this.decideAcross(sig, slot, gap, age)
          : arena[slot * STRIDE + COUNT]! & WHOLE
            ? this.decideInline(query, slot, bestW[r]!, gap, age)
            : decide(query, weighNorms(this.sigs[slot]!, this.df), gap, age);
      if (!same || (best && score <= best.similarity)) continue;
      if (across ? this.namesConflictAcross(sig, slot) : namesConflict(sig, this.sigs[slot]!)) continue;
      if (seedSlot !== slot && this.sharedWithQuery(seedSlot, qb, stamp) < MIN_SHARED_TERMS) continue;
      best = { storyId, itemId: this.itemIds[slot]!, similarity: score, reason: 'text' };
    }
    if (best && sig.names?.length && this.aboutSomeoneElse(sig, this.storySlots(best.storyId))) best = null;
    return best ?? this.matchStory(sig, t);
  }

  /**
   * The second way in: the query against the stories of the candidates (those of the
   * {@link STORY_PROFILE}.candidates best) as wholes, when no single item is close enough. Real coverage of one event shares little
   * between any two reports (one names the place, another the figure, a third is in the other
   * language), while the story's items together hold most of what a new report says. The query is
   * scored against the story's profile: each term weighed by the share of the story's items that
   * use it (a cosine with the story's centroid), over the terms that carry when the story has no item
   * in the query's language. Only for stories of two items or more (one item is the pairwise case
   * above), and guarded:
   * - the threshold rises with the story's age, or with twice the time since its latest report
   *   when that is less: a story outlets are still reporting stays open, one they left closes;
   * - the query shares at least {@link STORY_PROFILE}.minCore specific terms with the story's core
   *   (terms most of its items use), so a story cannot drift through what one item alone said;
   * - every name of the query's headline is in the story already (a new person or place is a new
   *   development), and the story's items do not conflict with the query (see `fitsStory`).
   */
  private matchStory(sig: Signature, t: number): StoryMatch | null {
    let best: StoryMatch | null = null;
    for (let r = 0; r < this.storyCount; r++) {
      const storyId = this.storyCands[r]!;
      const profile = this.profile(storyId);
      if (!profile) continue;
      const threshold = storyProfileThreshold(Math.min(t - profile.first, 2 * (t - profile.last)));
      const score = this.profileScore(sig, profile);
      if (score < threshold || (best && score <= best.similarity)) continue;
      if (!this.fitsStory(sig, profile)) continue;
      best = { storyId, itemId: profile.lastItemId, similarity: score, reason: 'text' };
    }
    return best;
  }

  /** Keeps `storyId` among the stories of this lookup's candidates, the {@link STORY_PROFILE}.candidates with the most shared weight. */
  private noteStory(storyId: number, w: number): void {
    const ids = this.storyCands;
    const ws = this.storyW;
    let at = -1;
    for (let i = 0; i < this.storyCount; i++) if (ids[i] === storyId) at = i;
    if (at >= 0) {
      if (ws[at]! >= w) return;
    } else if (this.storyCount < ids.length) at = this.storyCount++;
    else if (ws[ids.length - 1]! < w) at = ids.length - 1;
    else return;
    while (at > 0 && ws[at - 1]! < w) {
      ids[at] = ids[at - 1]!;
      ws[at] = ws[at - 1]!;
      at--;
    }
    ids[at] = storyId;
    ws[at] = w;
  }

  /** The slots of a story's items in the index, in insertion order: its first {@link STORY_PROFILE}.maxItems. */
  private storySlots(storyId: number): number[] {
    const slots: number[] = [];
    const seed = this.seeds.get(storyId);
    if (seed === -1) return slots;
    for (let stored = seed; stored !== EMPTY && slots.length < STORY_PROFILE.maxItems; ) {
      const slot = stored & this.mask;
      if (!this.sigs[slot]) break;
      slots.push(slot);
      stored = this.nextInStory[slot]!;
    }
    return slots;
  }

  /** The items of a story in the index as one profile; null for a story of one item (the pairwise case). */
  private profile(storyId: number): StoryProfile | null {
    const seed = this.seeds.get(storyId);
    if (seed === -1 || this.nextInStory[seed & this.mask] === EMPTY) return null;
    const slots = this.storySlots(storyId);
    const counts = new Map<number, number>();
    const langs = [0, 0, 0];
    let latest = -Infinity;
    for (const slot of slots) {
      langs[this.langs[slot]!]!++;
      for (const h of this.sigs[slot]!.body) counts.set(h, (counts.get(h) ?? 0) + 1);
      latest = Math.max(latest, this.times[slot]!);
    }
    const last = slots[slots.length - 1]!;
    return { counts, slots, langs, items: slots.length, first: this.times[slots[0]!]!, last: latest, lastItemId: this.itemIds[last]! };
  }

  /** Cosine of the query's terms with the story's centroid; see {@link matchStory}. */
  private profileScore(sig: Signature, profile: StoryProfile): number {
    const { df } = this;
    const lang = sig.lang ?? 0;
    const sameLanguage = lang === 0 || profile.langs[lang]! > 0;
    const toStory = lang ? this.dfByLang[lang === 1 ? 2 : 1]! : null;
    const toQuery = lang ? this.dfByLang[lang]! : null;
    const n = profile.items;
    let dot = 0;
    let queryNorm = 0;
    let specific = 0;
    let core = 0;
    for (const h of sig.body) {
      const sq = df.weight(h) ** 2;
      const c = profile.counts.get(h) ?? 0;
      if (c > 0) {
        dot += (sq * c) / n;
        queryNorm += sq;
        if (!isLexiconTerm(h)) {
          specific++;
          if (c * 2 > n) core++;
        }
      } else if (sameLanguage || carriesAlways(h) || toStory!.frequency(h) > 0) queryNorm += sq;
    }
    if (specific < MIN_SHARED_ACROSS || core < STORY_PROFILE.minCore) return 0;
    let storyNorm = 0;
    for (const [h, c] of profile.counts) {
      if (!sameLanguage && !carriesAlways(h) && toQuery!.frequency(h) === 0 && !sortedHas(sig.body, h)) continue;
      storyNorm += df.weight(h) ** 2 * (c / n) ** 2;
    }
    return queryNorm > 0 && storyNorm > 0 ? dot / Math.sqrt(queryNorm * storyNorm) : 0;
  }

  /**
   * Whether the query is about someone else than the story: its headline names someone who is not
   * one of the story's core names (named in the headlines of most of its items, once it has
   * {@link STORY_PROFILE}.coreNamesFrom items or more), and it leaves out one of those core names.
   * Two brothers' guilty pleas in one court a few hours apart share the family name, the court and
   * the charges; what tells them apart is whose plea it is.
   */
  private aboutSomeoneElse(sig: Signature, slots: readonly number[]): boolean {
    const names = sig.names ?? [];
    const items = slots.length;
    if (names.length === 0 || items < STORY_PROFILE.coreNamesFrom) return false;
    const counts = new Map<number, number>();
    for (const slot of slots) for (const h of this.sigs[slot]!.names ?? []) counts.set(h, (counts.get(h) ?? 0) + 1);
    const core = (h: number): boolean => (counts.get(h) ?? 0) * 2 > items;
    if (names.every(core)) return false;
    for (const h of counts.keys()) if (core(h) && !sortedHas(sig.body, h)) return true;
    return false;
  }

  /**
   * Whether the query may join the story as a whole: it is not about someone else, its headline
   * names no one the story never mentions, no item's title numbers conflict with its own (unless
   * the story already gives every figure of its headline), and its
   * names conflict with at most half of the story's items (a story of many reports tolerates one
   * that names a detail the others leave out).
   */
  private fitsStory(sig: Signature, profile: StoryProfile): boolean {
    if (this.aboutSomeoneElse(sig, profile.slots)) return false;
    for (const h of sig.names ?? []) if (!profile.counts.has(h)) return false;
    // A figure of the query's headline that some report of the story gives is no conflict with
    // those that leave it out ("Caro Quintero and 28 others" in a story of "29 sent").
    let figuresKnown = true;
    for (const h of sig.title) if (isNumericTerm(h) && !profile.counts.has(h)) figuresKnown = false;
    let conflicts = 0;
    for (const slot of profile.slots) {
      const other = this.sigs[slot]!;
      if (!figuresKnown && numbersConflict(sig, other)) return false;
      const across = Boolean(sig.lang && this.langs[slot] && sig.lang !== this.langs[slot]);
      if (across ? this.namesConflictAcross(sig, slot) : namesConflict(sig, other)) conflicts++;
    }
    return conflicts * 2 <= profile.items;
  }

  /**
   * The decision for a query and the entry at `slot` in the other language: scored over the terms
   * that carry (see cross-language.ts), a query term carrying when items of the entry's language
   * in the window use it, and the other way round.
   */
  private decideAcross(sig: Signature, slot: number, gapMs: number, storyAgeMs: number): { same: boolean; score: number } {
    const other = this.sigs[slot]!;
    const [queryCarries, otherCarries] = this.carries(sig, slot);
    const { mean, body } = crossLanguageScores(sig, queryCarries, other, otherCarries, this.df);
    return verdict(mean, body, numbersConflict(sig, other), gapMs, storyAgeMs);
  }

  /**
   * {@link namesConflict} between a query and the entry at `slot` in the other language, over the
   * names that carry or that no other item of their own language prints (a new place or person).
   */
  private namesConflictAcross(sig: Signature, slot: number): boolean {
    const other = this.sigs[slot]!;
    const own = this.dfByLang[sig.lang!]!;
    const theirs = this.dfByLang[this.langs[slot]!]!;
    const q = sig.names?.filter((h) => theirs.frequency(h) > 0 || own.frequency(h) === 0);
    const o = other.names?.filter((h) => own.frequency(h) > 0 || theirs.frequency(h) <= 1);
    return namesConflict({ body: sig.body, names: q }, { body: other.body, names: o });
  }

  /** Which terms of the query, and of the entry at `slot` in the other language, carry across. */
  private carries(sig: Signature, slot: number): [(h: number) => boolean, (h: number) => boolean] {
    const toOther = this.dfByLang[this.langs[slot]!]!;
    const toQuery = this.dfByLang[sig.lang!]!;
    return [(h) => carriesAlways(h) || toOther.frequency(h) > 0, (h) => carriesAlways(h) || toQuery.frequency(h) > 0];
  }

  /**
   * `decide(query, weighNorms(signature of slot))` from the arena, for a WHOLE entry: the same
   * sums over the same terms in the same order, so the same result, without reading the signature
   * (a few cache misses each in a large window). `bodyShared` is the query weight of the shared
   * title + lede terms, summed by the candidate scan.
   */
  private decideInline(query: WeighedSignature, slot: number, bodyShared: number, gapMs: number, storyAgeMs: number): { same: boolean; score: number } {
    const { arena, df } = this;
    const cb = slot * STRIDE;
    const n = arena[cb + COUNT]! & COUNT_MASK;
    const lo = arena[cb + TITLE_LO]!;
    const hi = arena[cb + TITLE_HI]!;
    const qt = query.sig.title;
    const qtw = query.title;
    let bodyNorm = 0;
    let titleNorm = 0;
    let titleTerms = 0;
    let titleShared = 0;
    let numbers = 0;
    let sharedNumbers = 0;
    for (let k = 0, i = 0; k < n; k++) {
      const y = arena[cb + TERMS + k]!;
      const sq = df.weight(y) ** 2;
      bodyNorm += sq;
      const numeric = isNumericTerm(y);
      // A number of the query's title in the candidate's title + lede.
      if (numeric && sortedHas(qt, y)) sharedNumbers++;
      if (((k < 32 ? lo >>> k : hi >>> (k - 32)) & 1) === 0) continue;
      titleNorm += sq;
      titleTerms++;
      // A number of the candidate's title in the query's title + lede (its title is in its body).
      if (numeric) {
        numbers++;
        if (sortedHas(query.sig.body, y)) sharedNumbers++;
      }
      while (i < qt.length && qt[i]! < y) i++;
      if (i < qt.length && qt[i] === y) {
        titleShared += qtw[i]!;
        i++;
      }
    }
    const body = query.bodyNorm <= 0 || bodyNorm <= 0 ? 0 : bodyShared / Math.sqrt(query.bodyNorm * bodyNorm);
    let mean = body;
    if (qt.length > 0 && titleTerms > 0) {
      const title = query.titleNorm <= 0 || titleNorm <= 0 ? 0 : titleShared / Math.sqrt(query.titleNorm * titleNorm);
      mean = (body + title) / 2;
    }
    let queryNumbers = 0;
    for (let i = 0; i < qt.length; i++) if (isNumericTerm(qt[i]!)) queryNumbers++;
    const conflict = queryNumbers > 0 && numbers > 0 && sharedNumbers === 0;
    return verdict(mean, body, conflict, gapMs, storyAgeMs);
  }

  /**
   * Terms the entry at `slot` shares with the query body `qb`, whose terms are in the query table
   * of lookup `stamp`: from the arena for a WHOLE entry, else from its signature.
   */
  private sharedWithQuery(slot: number, qb: Uint32Array, stamp: number): number {
    const { arena, qKeys, qStamps } = this;
    const cb = slot * STRIDE;
    if ((arena[cb + COUNT]! & WHOLE) === 0) return sharedCount(qb, this.sigs[slot]!.body);
    const qMask = qKeys.length - 1;
    const qShift = Math.clz32(qMask);
    const end = cb + TERMS + (arena[cb + COUNT]! & COUNT_MASK);
    let n = 0;
    for (let j = cb + TERMS; j < end; j++) {
      const y = arena[j]!;
      for (let h = Math.imul(y, 0x9e3779b1) >>> qShift; qStamps[h] === stamp; h = (h + 1) & qMask) {
        if (qKeys[h] === y) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /** Makes the query table at least four times `terms`, a power of two. */
  private growQueryTable(terms: number): void {
    let size = this.qKeys.length;
    while (size < terms * 4) size *= 2;
    this.qKeys = new Uint32Array(size);
    this.qStamps = new Uint32Array(size);
    this.qWeights = new Float64Array(size);
    this.qLexicon = new Uint8Array(size);
  }

  /** Drops entries published before `cutoff` (epoch ms), oldest first; returns how many. */
  evictBefore(cutoff: number): number {
    let n = 0;
    while (this.head < this.tail) {
      const slot = this.head & this.mask;
      if (this.times[slot]! >= cutoff) break;
      const cb = slot * STRIDE;
      if (this.arena[cb + COUNT]! & WHOLE) this.df.removeTerms(this.arena, cb + TERMS, cb + TERMS + (this.arena[cb + COUNT]! & COUNT_MASK));
      else this.df.remove(this.sigs[slot]!);
      if (this.langs[slot]) this.dfByLang[this.langs[slot]]!.remove(this.sigs[slot]!);
      this.liveKeys -= this.keyCounts[slot]!;
      const url = this.urls[slot];
      if (url && this.byUrl.get(url) === this.head) this.byUrl.delete(url);
      this.unlinkSeed(slot);
      this.arena[slot * STRIDE + SEQ] = VACANT;
      this.sigs[slot] = undefined;
      this.urls[slot] = null;
      this.head++;
      n++;
    }
    return n;
  }

  /** Appends entry `seq` to the list of its story; the first entry of a story is its seed. */
  private linkToStory(storyId: number, seq: number): void {
    const stored = seq & SEQ_MASK;
    const slot = seq & this.mask;
    this.nextInStory[slot] = EMPTY;
    const seed = this.seeds.get(storyId);
    if (seed === -1) {
      this.seeds.set(storyId, stored);
      this.lastInStory[slot] = stored;
      return;
    }
    const seedSlot = seed & this.mask;
    this.nextInStory[this.lastInStory[seedSlot]! & this.mask] = stored;
    this.lastInStory[seedSlot] = stored;
  }

  /**
   * Called as the head entry (at `slot`) leaves: if it is its story's seed, the next entry of the
   * story, now the earliest, takes over. Eviction follows insertion order, so that entry is live.
   */
  private unlinkSeed(slot: number): void {
    const storyId = this.storyIds[slot]!;
    if (this.seeds.get(storyId) !== (this.head & SEQ_MASK)) return;
    const next = this.nextInStory[slot]!;
    if (next === EMPTY) {
      this.seeds.delete(storyId);
      return;
    }
    this.seeds.set(storyId, next);
    this.lastInStory[next & this.mask] = this.lastInStory[slot]!;
  }

  private fileKeys(seq: number, keys: Uint32Array, count: number): void {
    const C = this.bucketSize;
    const stored = seq & SEQ_MASK;
    for (let k = 0; k < count; k++) {
      const s = keys[k]! & this.slotMask;
      const base = s * (C + 1);
      const c = this.table[base]!;
      this.table[base + 1 + c] = stored;
      this.table[base] = c + 1 === C ? 0 : c + 1;
    }
  }

  /** Doubles the bucket table (at least until it holds the live keys) and refiles every live entry. */
  private growTable(): void {
    let slots = (this.slotMask + 1) * 2;
    while (this.liveKeys > slots * KEYS_PER_SLOT) slots *= 2;
    this.slotMask = slots - 1;
    this.table = newTable(slots, this.bucketSize);
    const keys = new Uint32Array(MAX_KEYS);
    for (let seq = this.head; seq < this.tail; seq++) this.fileKeys(seq, keys, writeBucketKeys(this.sigs[seq & this.mask]!, keys));
  }

  /** Doubles the entry ring; sequence numbers keep their meaning, slots move. */
  private growEntries(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const arena = new Uint32Array(size * STRIDE).fill(VACANT);
    const itemIds = new Float64Array(size);
    const storyIds = new Float64Array(size);
    const times = new Float64Array(size);
    const keyCounts = new Uint8Array(size);
    const langs = new Uint8Array(size);
    const nextInStory = new Int32Array(size).fill(EMPTY);
    const lastInStory = new Int32Array(size).fill(EMPTY);
    const sigs = new Array<Signature | undefined>(size);
    const urls = new Array<string | null>(size).fill(null);
    for (let seq = this.head; seq < this.tail; seq++) {
      const a = seq & this.mask;
      const b = seq & mask;
      arena.set(this.arena.subarray(a * STRIDE, (a + 1) * STRIDE), b * STRIDE);
      itemIds[b] = this.itemIds[a]!;
      storyIds[b] = this.storyIds[a]!;
      times[b] = this.times[a]!;
      keyCounts[b] = this.keyCounts[a]!;
      langs[b] = this.langs[a]!;
      nextInStory[b] = this.nextInStory[a]!;
      lastInStory[b] = this.lastInStory[a]!;
      sigs[b] = this.sigs[a];
      urls[b] = this.urls[a] ?? null;
    }
    Object.assign(this, { mask, arena, itemIds, storyIds, times, keyCounts, langs, nextInStory, lastInStory, sigs, urls });
  }
}
