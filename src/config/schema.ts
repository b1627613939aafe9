/**
 * The one schema of Radar's configuration file (YAML). Defaults live here; `load-config.ts`
 * validates a file against it, resolves paths and returns a frozen, typed `Config`.
 */
import { z } from 'zod';
import { ADAPTERS, type AdapterName } from '../adapters/registry.ts';
import { isTimeZone, parseTimeOfDay } from '../digest/index.ts';
import { ARTICLE_MODES } from '../extract/mode.ts';
import { parseTerm } from '../score/index.ts';
import { parseDuration, parseSize } from '../shared/duration.ts';

const duration = () =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
    if (ms === null || !Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as "90s", "5m" or "1h", got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  });

const size = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = typeof value === 'number' ? value : parseSize(value);
  if (bytes === null || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as "10MB" or "512KB", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return bytes;
});

/** A number of alerts: a whole number from 1 to `max`. */
const alertCount = (max: number) =>
  z.number({ error: 'expected a number of alerts such as 5' }).int('expected a whole number of alerts').min(1, 'expected at least 1 alert').max(max, `expected at most ${max} alerts`);

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a lowercase id of letters, digits, ".", "_" or "-"');

const feedSchema = z
  .object({
    id: id.optional(),
    name: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    lang: z.enum(['en', 'es']).optional(),
    interval: duration().optional(),
    topics: z.array(id).optional(),
    /** When the item's article page is read: when the feed gives no usable summary (auto), always, or never. */
    article: z.enum(ARTICLE_MODES, { error: `expected one of ${ARTICLE_MODES.map((m) => `"${m}"`).join(', ')}` }).optional(),
  })
  .strict();

const topicSchema = z.object({ id, file: z.string().min(1) }).strict();

/** YAML reads a bare long id as a number and loses its last digits; say so instead of "expected string". */
const QUOTE_IDS = 'expected a string: quote ids, e.g. "1234567890123456789" (YAML reads a bare long number and loses digits)';

/** A watch or mute term, in the syntax `/radar watch add` takes. */
const term = z.string().min(1).superRefine((value, ctx) => {
  const parsed = parseTerm(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/** A time of day on a 24-hour clock, as minutes since midnight. */
const timeOfDay = z.string({ error: 'expected a time of day such as "08:00"' }).transform((value, ctx) => {
  const minute = parseTimeOfDay(value);
  if (minute === null) {
    ctx.addIssue({ code: 'custom', message: `expected a time of day "HH:MM" on a 24-hour clock such as "08:00", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return minute;
});

const timeZone = z.string({ error: 'expected an IANA time zone such as "America/Mexico_City"' }).superRefine((value, ctx) => {
  if (!isTimeZone(value)) ctx.addIssue({ code: 'custom', message: `unknown time zone ${JSON.stringify(value)}: expected an IANA name such as "America/Mexico_City", "Europe/Madrid" or "UTC"` });
});

/** A span of the day "HH:MM-HH:MM" (it may cross midnight: "22:00-07:00"). */
const timeSpan = z.string({ error: 'expected quiet hours such as "22:00-07:00"' }).transform((value, ctx) => {
  const [from, to, ...rest] = value.split('-').map((part) => parseTimeOfDay(part));
  if (from == null || to == null || rest.length) {
    ctx.addIssue({ code: 'custom', message: `expected quiet hours "HH:MM-HH:MM" such as "22:00-07:00", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (from === to) {
    ctx.addIssue({ code: 'custom', message: `quiet hours ${JSON.stringify(value)} start and end at the same time` });
    return z.NEVER;
  }
  return { from, to };
});

/** A channel's daily digest: at a time of day on its time zone's clock, the top stories of a window. */
const digestSchema = z
  .object({
    at: timeOfDay,
    timezone: timeZone.default('UTC'),
    window: z.union([z.string(), z.number()]).default('24h').transform((value, ctx) => {
      const label = typeof value === 'number' ? `${value}s` : value.trim();
      const ms = parseDuration(label);
      if (ms === null || ms < 3_600_000 || ms > 7 * 86_400_000) {
        ctx.addIssue({ code: 'custom', message: `expected a window from 1h to 7d such as "24h" or "7d", got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return { ms, label };
    }),
  })
  .strict();

/**
 * Quiet hours: alerts scored below `urgentScore` wait for the channel's next digest. Written as the
 * span alone ("22:00-07:00") or as `{ hours, urgentScore, timezone }`; the time zone defaults to the digest's.
 */
const quietSchema = z.union([
  timeSpan.transform((hours) => ({ hours, urgentScore: 0.9, timezone: undefined })),
  z
    .object({
      hours: timeSpan,
      urgentScore: z.number({ error: 'expected a score from 0 to 1 such as 0.9' }).min(0, 'expected a score from 0 to 1').max(1, 'expected a score from 0 to 1').default(0.9),
      timezone: timeZone.optional(),
    })
    .strict(),
], { error: 'expected quiet hours such as "22:00-07:00" or { hours: "22:00-07:00", urgentScore: 0.9 }' });

const adapterNames = ADAPTERS.map((a) => a.name) as [AdapterName, ...AdapterName[]];

const channelSchema = z
  .object({
    id,
    adapter: z.enum(adapterNames),
    /** Platform channel id (Slack C…, Discord snowflake), checked by its adapter; "stdout" for the console. */
    target: z.string({ error: QUOTE_IDS }).min(1).default('stdout'),
    topics: z.array(id).min(1),
    threshold: z.number().min(0).max(1).default(0.5),
    watch: z.array(term).default([]),
    mute: z.array(term).default([]),
    digest: digestSchema.optional(),
    quiet: quietSchema.optional(),
  })
  .strict();

/** Each adapter's own section of the file (`slack:`, `discord:`), keyed by its name. */
const adapterSections = Object.fromEntries(ADAPTERS.flatMap((a): Array<[string, z.ZodType]> => (a.section ? [[a.name, a.section]] : [])));

/** The file's own keys; the adapters add their sections. */
const coreSchema = z
  .object({
    /** `sqlite:<file>` (or a bare path, relative to this file) or `postgres://…`; DATABASE_URL overrides. */
    database: z.string().min(1).default('./data/radar.sqlite'),
    /** Connections each instance keeps open to a database server. */
    databasePool: z.number().int().min(1).max(100).default(10),
    poll: z
      .object({
        /** node-cron expression of the scheduler tick that looks for due feeds. */
        tick: z.string().default('*/15 * * * * *'),
        /** A fixed interval for every feed (the adaptive schedule off); unset: each feed's follows its rhythm. */
        interval: duration().optional(),
        /** Bounds of the adaptive schedule (src/schedule/next-poll.ts). */
        minInterval: duration().default(120_000),
        maxInterval: duration().default(3_600_000),
        /** Adaptive interval of a feed publishing one item an hour; a feed publishing r an hour gets pace ÷ √r. */
        pace: duration().default(360_000),
        /** Requests a minute any one host receives, across its feeds (each feed's interval is at least its host's feeds ÷ this). */
        hostBudget: z.number({ error: 'expected a number of requests a minute such as 6' }).positive('expected more than 0 requests a minute').max(600, 'expected at most 600 requests a minute').default(6),
        /** Random spread added to each next poll, as a fraction of the interval. */
        jitter: z.number().min(0).max(0.5).default(0.1),
        maxBackoff: duration().default(6 * 3_600_000),
        /** How many of a new feed's newest items may alert on its first poll. */
        firstPollAlerts: z.number().int().min(0).default(3),
        concurrency: z.number().int().min(1).max(256).default(16),
        /**
         * How long a claim on a feed holds (renewed every third of it while the poll runs): when an
         * instance stops without letting go, its feeds wait this long for another.
         */
        lease: duration().refine((ms) => ms >= 30_000, 'expected a lease of at least 30s').default(300_000),
        /** Feeds an instance claims at a time; several instances on one database share the due feeds in batches. */
        batch: z.number().int().min(1).max(10_000).default(1_000),
        shutdownGrace: duration().default(10_000),
      })
      .strict()
      .refine((poll) => poll.minInterval <= poll.maxInterval, { message: 'expected poll.minInterval no longer than poll.maxInterval', path: ['minInterval'] })
      .prefault({}),
    fetch: z
      .object({
        userAgent: z.string().min(1).default('Radar/0.1 (newsroom feed monitor; +https://github.com/newsroom-radar/radar)'),
        connectTimeout: duration().default(10_000),
        timeout: duration().default(30_000),
        maxBytes: size.default(10 * 1024 * 1024),
        maxRedirects: z.number().int().min(0).max(20).default(5),
        perHostConcurrency: z.number().int().min(1).max(32).default(2),
        /** Hosts that feeds added from chat may reach although they are not public (intranets, tests). */
        allowPrivateHosts: z.array(z.string().min(1)).default([]),
        /** Article pages read per poll cycle, across its feeds (src/extract); 0 reads none. */
        articlesPerCycle: z.number({ error: 'expected a number of pages such as 30' }).int('expected a whole number of pages').min(0, 'expected 0 or more pages').max(10_000, 'expected at most 10000 pages').default(30),
      })
      .strict()
      .prefault({}),
    stories: z
      .object({
        window: duration().default(72 * 3_600_000),
        followUpEvery: duration().default(600_000),
      })
      .strict()
      .prefault({}),
    /**
     * Flood limits: a feed that suddenly carries hundreds of new relevant items (a CMS migration,
     * changed guids, a hostile feed) posts a few alerts and one "… and N more from X" line per channel.
     */
    alerts: z
      .object({
        /** Alerts per feed and channel from one poll (the earliest published alert). */
        perFeedPerPoll: alertCount(1_000).default(5),
        /** Alerts per channel in any hour, across polls and restarts (counted in the outbox). */
        perChannelPerHour: alertCount(10_000).default(20),
      })
      .strict()
      .prefault({}),
    summary: z.object({ budget: z.number().int().min(40).max(3000).default(300) }).strict().prefault({}),
    /**
     * The instance's HTTP server (/livez, /readyz, /metrics, the status page at /): off without a
     * port; 127.0.0.1 unless `host` says otherwise. RADAR_HTTP_PORT and RADAR_HTTP_HOST override.
     * `pageToken` (RADAR_PAGE_TOKEN) is what a reader of the status page must show; without one the
     * page is open on a loopback host and off on any other.
     */
    http: z
      .object({
        port: z.number({ error: 'expected a port number such as 8080' }).int('expected a whole port number').min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535').optional(),
        host: z.string().min(1).default('127.0.0.1'),
        pageToken: z.string().min(16, 'expected a token of at least 16 characters').optional(),
      })
      .strict()
      .prefault({}),
    /**
     * `/metrics` on the HTTP server: open to whoever reaches the server, or only with
     * `Authorization: Bearer <token>` when a token is set, and only from `allowedNetworks` (addresses
     * or CIDR networks) when they are listed. A server bound beyond loopback (`http.host`) needs one
     * of the two. RADAR_METRICS_TOKEN and RADAR_METRICS_ALLOWED_NETWORKS (comma-separated) override.
     */
    metrics: z
      .object({
        token: z.string().min(16, 'expected a token of at least 16 characters').optional(),
        allowedNetworks: z.array(z.string()).min(1, 'expected at least one network, or no list').optional(),
      })
      .strict()
      .prefault({}),
    /**
     * WebSub: with `publicUrl` (RADAR_PUBLIC_URL overrides), the base URL at which a reverse proxy
     * forwards `/websub/` to this HTTP server, feeds that name a hub are subscribed to and pushed;
     * `lease` is the lease asked of hubs, `safetyNet` how often a pushed feed is still polled,
     * `verifyTimeout` how long a hub may take to verify, `retry` how long a failed subscription waits.
     */
    websub: z
      .object({
        publicUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://radar.example.org' }).optional(),
        lease: duration().refine((ms) => ms >= 60_000, 'expected a lease of at least 1m').default(7 * 24 * 3_600_000),
        safetyNet: duration().default(3_600_000),
        verifyTimeout: duration().default(5 * 60_000),
        retry: duration().default(6 * 3_600_000),
      })
      .strict()
      .prefault({}),
    topics: z.array(topicSchema).min(1),
    feeds: z.array(feedSchema).default([]),
    channels: z.array(channelSchema).min(1),
  })
  .strict();

export const configSchema = z.object({ ...adapterSections, ...coreSchema.shape }).strict();

export type ConfigFile = z.infer<typeof configSchema>;
