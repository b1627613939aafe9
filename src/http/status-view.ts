/**
 * The status page as HTML, rendered on the server with no script: Hono's `html` template escapes
 * every interpolated string (feed names, titles, URLs, terms, errors all come from outside), links
 * are made only of http(s) URLs, and the alerts-per-hour chart is SVG drawn here. Styles come from
 * /assets/status.css: the Content-Security-Policy allows no inline script or style.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatAge } from '../shared/duration.ts';
import type { AlertRecord, ChannelAlerts, StorySpread } from '../store/index.ts';
import type { FeedRow, StatusPageData } from './status-data.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const HOUR = 3_600_000;

/** "14:05" (UTC) */
const clockTime = (t: number) => new Date(t).toISOString().slice(11, 16);
/** "2026-12-02 14:05 UTC" */
const fullTime = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const ago = (now: number, t: number | null) => (t === null ? 'never' : `${formatAge(now - t)} ago`);

/** Only http(s) URLs become links (a feed may carry `javascript:` or worse). */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function link(text: string, url: string | null, lang: string | null = null): Html {
  const href = safeUrl(url);
  const langAttr = validLang(lang);
  if (!href) return langAttr ? html`<span lang="${langAttr}">${text}</span>` : html`${text}`;
  return langAttr ? html`<a href="${href}" lang="${langAttr}" rel="noopener noreferrer">${text}</a>` : html`<a href="${href}" rel="noopener noreferrer">${text}</a>`;
}

/** A language tag as feeds give it ("es", "en-US"), or null. */
function validLang(lang: string | null): string | null {
  return lang && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(lang) ? lang.toLowerCase() : null;
}

const langMark = (lang: string | null): Html => {
  const tag = validLang(lang);
  return tag ? html`<span class="lang" title="language">${tag.toUpperCase()}</span>` : html`<span class="lang unknown" title="language not given">?</span>`;
};

function statusSection(data: StatusPageData): Html {
  return html`<section id="status"><h2>Status</h2><p class="note">The figures of <code>/radar status</code>.</p>
<dl class="fields">${data.status.map((f) => html`<div class="field"><dt>${f.label}</dt><dd>${f.value}</dd></div>`)}</dl></section>`;
}

function feedHealth(row: FeedRow): { label: string; css: string } {
  if (row.feed.consecutiveFailures > 0) return { label: 'failing', css: 'bad' };
  if (row.feed.lastSuccessAt === null) return { label: 'not read yet', css: 'idle' };
  return { label: 'ok', css: 'ok' };
}

function feedsSection(data: StatusPageData): Html {
  const rows = data.feeds.map((row) => {
    const { feed } = row;
    const health = feedHealth(row);
    return html`<tr><td>${link(feed.name, feed.url)}</td><td><span class="health ${health.css}">${health.label}</span></td>
<td>${ago(data.now, feed.lastSuccessAt)}</td><td class="num">${feed.consecutiveFailures}</td><td>${row.intervalMs === null ? '—' : formatAge(row.intervalMs)}${row.reason ? html`<br><small>${row.reason}</small>` : ''}</td><td${row.modeNote ? html` title="${row.modeNote}"` : ''}>${row.mode}</td>
<td class="error">${feed.consecutiveFailures > 0 && feed.lastError ? feed.lastError.slice(0, 200) : ''}</td></tr>`;
  });
  return html`<section id="feeds"><h2>Feeds</h2>
<table><thead><tr><th>Feed</th><th>Health</th><th>Last success</th><th class="num">Failures</th><th>Interval</th><th>Mode</th><th>Last error</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7">No feeds.</td></tr>`}</tbody></table></section>`;
}

function alertItem(alert: AlertRecord): Html {
  const p = alert.payload;
  const score = p.score === null ? 'no score' : p.score.toFixed(2);
  const terms = p.matched.length || p.watchMatched.length
    ? html`<span class="terms">${p.matched.map((t) => html`<span class="term">${t}</span>`)}${p.watchMatched.map((t) => html`<span class="term watch" title="watch term">${t}</span>`)}</span>`
    : html`<span class="terms none">no terms</span>`;
  return html`<li class="alert"><span class="time">${clockTime(alert.createdAt)}</span> ${langMark(p.lang)} <span class="title">${link(p.title, p.url, p.lang)}</span>
<span class="meta">${p.source}${p.topicId ? html` · ${p.topicId}` : ''} · score <span class="score">${score}</span> · <span class="delivery ${alert.status}">${alert.status}</span></span>
<span class="why">matched: ${terms}</span></li>`;
}

function alertsSection(data: StatusPageData): Html {
  const channels = data.alerts.map((ch: ChannelAlerts) => html`<div class="channel" data-channel="${ch.channelId}"><h3>${ch.channelId} <span class="count">${ch.total} today</span></h3>
<ol class="alerts">${ch.alerts.map(alertItem)}</ol>${ch.total > ch.alerts.length ? html`<p class="note">and ${ch.total - ch.alerts.length} earlier today</p>` : ''}</div>`);
  return html`<section id="alerts"><h2>Today's alerts (UTC)</h2>${channels.length ? channels : html`<p class="note">No alerts today.</p>`}</section>`;
}

function storyItem(story: StorySpread, now: number): Html {
  const [first] = story.reports;
  if (!first) return html``;
  const start = first.publishedAt;
  const span = Math.max(1, Math.min(now, Math.max(...story.reports.map((r) => r.publishedAt))) - start);
  // A strip of the reports over the story's span: one mark per report.
  const WIDTH = 600;
  const marks = story.reports.map((r) => {
    const x = 6 + Math.round(((Math.min(r.publishedAt, start + span) - start) / span) * (WIDTH - 12));
    return html`<circle cx="${x}" cy="10" r="5" class="mark"><title>${r.source} (${validLang(r.lang) ?? '?'}) ${fullTime(r.publishedAt)}</title></circle>`;
  });
  const reports = story.reports.map((r, i) => html`<li><span class="time">${i === 0 ? 'first' : `+${formatAge(r.publishedAt - start)}`}</span> <span class="source">${r.source}</span> ${langMark(r.lang)} ${link(r.title, r.url, r.lang)}</li>`);
  const more = story.reportCount - story.reports.length;
  return html`<li class="story"><h3>${link(first.title, first.url, first.lang)}</h3>
<p class="meta"><span class="outlets">${story.outlets} outlet${story.outlets === 1 ? '' : 's'}</span> · ${story.reportCount} report${story.reportCount === 1 ? '' : 's'} · first ${fullTime(start)}${story.score === null ? '' : html` · best score ${story.score.toFixed(2)}`}</p>
<svg class="strip" viewBox="0 0 ${WIDTH} 20" width="${WIDTH}" height="20" role="img" aria-label="when each outlet reported it"><line x1="6" y1="10" x2="${WIDTH - 6}" y2="10" class="axis"></line>${marks}</svg>
<ol class="timeline">${reports}</ol>${more > 0 ? html`<p class="note">and ${more} more report${more === 1 ? '' : 's'}</p>` : ''}</li>`;
}

function storiesSection(data: StatusPageData): Html {
  return html`<section id="stories"><h2>Top stories, last 24 hours</h2><p class="note">The stories reported by the most outlets, each with the outlets that reported it, in order (language marked).</p>
${data.stories.length ? html`<ol class="stories">${data.stories.map((s) => storyItem(s, data.now))}</ol>` : html`<p class="note">No stories in the last 24 hours.</p>`}</section>`;
}

function chartSection(data: StatusPageData): Html {
  const WIDTH = 840;
  const HEIGHT = 160;
  const BAR = WIDTH / data.hours.length;
  const busiest = Math.max(0, ...data.hours.map((h) => h.count));
  const max = Math.max(1, busiest);
  const total = data.hours.reduce((sum, h) => sum + h.count, 0);
  const bars = data.hours.map((h, i) => {
    const height = h.count === 0 ? 0 : Math.max(2, Math.round((h.count / max) * (HEIGHT - 20)));
    return html`<rect x="${(i * BAR).toFixed(1)}" y="${HEIGHT - 16 - height}" width="${(BAR - 1).toFixed(1)}" height="${height}" class="bar"><title>${fullTime(h.hour)}: ${h.count} alert${h.count === 1 ? '' : 's'}</title></rect>`;
  });
  // A line and a label at each midnight (UTC).
  const days = data.hours.flatMap((h, i) => (h.hour % (24 * HOUR) === 0
    ? [html`<line x1="${(i * BAR).toFixed(1)}" y1="0" x2="${(i * BAR).toFixed(1)}" y2="${HEIGHT - 14}" class="day"></line><text x="${(i * BAR + 3).toFixed(1)}" y="${HEIGHT - 2}" class="label">${new Date(h.hour).toISOString().slice(5, 10)}</text>`]
    : []));
  return html`<section id="chart"><h2>Alerts per hour, last 7 days (UTC)</h2><p class="note"><span id="chart-total">${total}</span> alerts; the busiest hour had ${busiest}.</p>
<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="alerts per hour over the last 7 days">${days}${bars}</svg></section>`;
}

function queueSection(data: StatusPageData): Html {
  const rows = data.queues.map((q) => html`<tr><td>${q.channelId}</td><td class="num">${q.pending}</td><td class="num">${q.retrying}</td><td>${formatAge(data.now - q.oldestAt)}</td></tr>`);
  return html`<section id="queue"><h2>Delivery queue</h2>
<p><span id="queue-depth">${data.queue.outboxPending}</span> waiting to be posted${data.queue.oldestPendingAt === null ? '' : html`; the oldest queued ${ago(data.now, data.queue.oldestPendingAt)}`}.</p>
${rows.length ? html`<table><thead><tr><th>Channel</th><th class="num">Waiting</th><th class="num">Retrying</th><th>Oldest</th></tr></thead><tbody>${rows}</tbody></table>` : ''}</section>`;
}

/** The whole page. */
export function renderStatusPage(data: StatusPageData): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Radar status</title><link rel="stylesheet" href="/assets/status.css"><link rel="icon" href="/assets/icon.svg" type="image/svg+xml"></head>
<body><header><h1>Radar</h1><p class="note">As of ${fullTime(data.now)}. Read-only; reload for fresh figures.</p></header>
<main>${statusSection(data)}${alertsSection(data)}${storiesSection(data)}${chartSection(data)}${queueSection(data)}${feedsSection(data)}</main></body></html>`;
}
