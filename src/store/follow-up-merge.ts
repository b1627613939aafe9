/**
 * How a report joins a channel's follow-up of a story, the same in both stores: appended to a
 * pending follow-up (reports in publication order), keeping as fallback the earliest report that
 * would have alerted the channel on its own; or a new follow-up titled with the story's alert.
 */
import type { Fallback, Row } from './rows.ts';
import type { AlertPayload, FollowUpPayload, FollowUpReport } from './store.ts';

/** The payload and fallback (JSON) of a pending follow-up row once `report` is added. */
export function addToFollowUp(pending: Row, report: FollowUpReport, candidate: Fallback | null): { payload: string; fallback: string | null } {
  const payload = JSON.parse(String(pending.payload)) as FollowUpPayload;
  payload.reports.push(report);
  payload.reports.sort((a, b) => a.publishedAt - b.publishedAt);
  const kept = pending.fallback === null ? null : (JSON.parse(String(pending.fallback)) as Fallback);
  const fallback = candidate && (!kept || candidate.report.publishedAt < kept.report.publishedAt) ? candidate : kept;
  return { payload: JSON.stringify(payload), fallback: fallback && JSON.stringify(fallback) };
}

/** A new follow-up's payload: the story's alert headline (`alert`: the alert row's payload, JSON) and the report. */
export function newFollowUp(storyId: number, alert: unknown, report: FollowUpReport): string {
  const payload: FollowUpPayload = { storyId, storyTitle: (JSON.parse(String(alert)) as AlertPayload).title, reports: [report] };
  return JSON.stringify(payload);
}

/**
 * The reports a follow-up row holds now that its posted payload did not: added by a write while the
 * post was under way. A payload of those reports, or null when there are none.
 */
export function reportsAddedSince(current: unknown, posted: FollowUpPayload): string | null {
  const payload = JSON.parse(String(current)) as FollowUpPayload;
  const key = (r: FollowUpReport) => JSON.stringify([r.source, r.url, r.title, r.publishedAt]);
  const shown = new Map<string, number>();
  for (const r of posted.reports) shown.set(key(r), (shown.get(key(r)) ?? 0) + 1);
  const added = payload.reports.filter((r) => {
    const left = shown.get(key(r)) ?? 0;
    if (left > 0) shown.set(key(r), left - 1);
    return left === 0;
  });
  return added.length ? JSON.stringify({ ...payload, reports: added }) : null;
}
