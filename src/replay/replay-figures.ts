/**
 * What a replay did, counted against the items' events: top-level alerts per event (one is the
 * promise), events split (more than one alert), events merged away (no alert of their own: their
 * items joined another event's story) and alert stories that mix events.
 */
import type { ReplayRun } from './replay.ts';

export interface EventFigures {
  event: string;
  items: number;
  en: number;
  es: number;
  /** Top-level alerts whose item reports this event. */
  alerts: number;
  /** For an event merged away: the events whose alerted stories took its items. */
  mergedInto: string[];
}

export interface ReplayFigures {
  items: number;
  outlets: number;
  polls: number;
  alerts: number;
  /** Per event, most alerts first (then by name). */
  events: EventFigures[];
  alertsPerEvent: { mean: number; max: number };
  split: number;
  mergedAway: number;
  /** Alerted stories holding items of more than one event. */
  mixedStories: number;
  /** Items the replay did not find stored (0 unless the pipeline dropped them). */
  notStored: number;
  readEarly: number;
  overflows: number;
}

/** The goal of one alert per story on real coverage. */
export const REPLAY_GOAL = { alertsPerEvent: 1.3, mergedAway: 0 };

export function countReplay(run: ReplayRun): ReplayFigures {
  const eventOfUrl = new Map(run.items.map((i) => [i.url, i.event]));
  const eventsOfStory = new Map<number, Set<string>>();
  run.items.forEach((item, i) => {
    const story = run.storyOf[i];
    if (story === null || story === undefined) return;
    eventsOfStory.set(story, (eventsOfStory.get(story) ?? new Set()).add(item.event));
  });

  const events = new Map<string, EventFigures>();
  for (const item of run.items) {
    const e = events.get(item.event) ?? { event: item.event, items: 0, en: 0, es: 0, alerts: 0, mergedInto: [] };
    e.items++;
    if (item.lang === 'en') e.en++;
    if (item.lang === 'es') e.es++;
    events.set(item.event, e);
  }
  const alertedStories = new Map<number, string>();
  for (const alert of run.alerts) {
    const event = alert.url === null ? undefined : eventOfUrl.get(alert.url);
    if (event) events.get(event)!.alerts++;
    if (alert.storyId !== null && event) alertedStories.set(alert.storyId, event);
  }
  for (const e of events.values()) {
    if (e.alerts > 0) continue;
    const into = new Set<string>();
    run.items.forEach((item, i) => {
      const owner = item.event === e.event ? alertedStories.get(run.storyOf[i] ?? NaN) : undefined;
      if (owner && owner !== e.event) into.add(owner);
    });
    e.mergedInto = [...into].sort();
  }

  const list = [...events.values()].sort((a, b) => b.alerts - a.alerts || a.event.localeCompare(b.event));
  return {
    items: run.items.length,
    outlets: run.outlets,
    polls: run.polls,
    alerts: run.alerts.length,
    events: list,
    alertsPerEvent: { mean: list.length ? run.alerts.length / list.length : 0, max: Math.max(0, ...list.map((e) => e.alerts)) },
    split: list.filter((e) => e.alerts > 1).length,
    mergedAway: list.filter((e) => e.alerts === 0).length,
    mixedStories: [...alertedStories.keys()].filter((s) => (eventsOfStory.get(s)?.size ?? 0) > 1).length,
    notStored: run.storyOf.filter((s) => s === null).length,
    readEarly: run.readEarly,
    overflows: run.overflows,
  };
}

/** The replay's report, as `npm run eval:stories` prints it. */
export function formatReplay(f: ReplayFigures, worst = 5): string {
  const n = f.events.length;
  const lines = [
    `end to end: ${f.items} items of ${n} events from ${f.outlets} outlets, ${f.polls} polls, channel threshold 0`,
    `top-level alerts: ${f.alerts}, per event ${f.alertsPerEvent.mean.toFixed(2)} (max ${f.alertsPerEvent.max})`,
    `events split (more than one alert): ${f.split} of ${n}`,
    `events merged away (no alert of their own): ${f.mergedAway} of ${n}`,
    ...f.events.filter((e) => e.alerts === 0).map((e) => `  ${e.event} into ${e.mergedInto.join(', ') || '(no alerted story)'}`),
    `alerted stories mixing events: ${f.mixedStories} of ${f.alerts}`,
    'worst events:',
    ...f.events.slice(0, worst).map((e) => `  ${e.event.padEnd(34)} ${String(e.alerts).padStart(3)} alerts for ${e.items} items (${e.en} en, ${e.es} es)`),
  ];
  for (const [count, what] of [[f.notStored, 'items not stored'], [f.readEarly, 'items read before their publication'], [f.overflows, 'alerts held back by the alert limits']] as const) {
    if (count > 0) lines.push(`WARNING: ${count} ${what}: the figures above are not a clean measurement`);
  }
  const met = f.alertsPerEvent.mean <= REPLAY_GOAL.alertsPerEvent && f.mergedAway <= REPLAY_GOAL.mergedAway;
  lines.push(`goal (≤ ${REPLAY_GOAL.alertsPerEvent} alerts per event, no event merged away): ${met ? 'met' : 'NOT met'}`);
  return `${lines.join('\n')}\n`;
}
