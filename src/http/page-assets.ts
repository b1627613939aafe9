/**
 * The status page's static files, served from memory under /assets/: its stylesheet (the
 * Content-Security-Policy allows no inline style) and its icon (so that a browser asks for no
 * /favicon.ico). No script: the page needs none.
 */
export const PAGE_ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  'status.css': {
    type: 'text/css; charset=utf-8',
    body: `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6573; --line: #d8dde4; --accent: #2f6db5; --bad: #b3261e; --ok: #1e7b34; --idle: #8a6d00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
header { padding: 16px 24px 4px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 22px; }
main { padding: 8px 24px 32px; max-width: 1100px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
.note { color: var(--muted); margin: 4px 0; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 16px; margin: 8px 0 0; }
.field dt { color: var(--muted); font-size: 12px; }
.field dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.error { color: var(--bad); font-size: 12px; max-width: 320px; overflow-wrap: anywhere; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.health { font-weight: 600; }
.health.ok { color: var(--ok); }
.health.bad { color: var(--bad); }
.health.idle { color: var(--idle); }
ol.alerts, ol.timeline, ol.stories { margin: 0; padding-left: 0; list-style: none; }
li.alert { padding: 6px 0; border-bottom: 1px solid var(--line); }
li.alert .meta, li.alert .why { display: block; color: var(--muted); font-size: 12px; margin-left: 52px; }
.time { display: inline-block; min-width: 48px; color: var(--muted); font-variant-numeric: tabular-nums; }
.lang { display: inline-block; font-size: 10px; font-weight: 700; padding: 0 4px; border-radius: 3px; background: #e3ecf7; color: #234; }
.lang.unknown { background: #eee; color: #777; }
.term { display: inline-block; background: #eef3e8; border-radius: 3px; padding: 0 4px; margin: 0 3px 0 0; color: #2c4a1c; }
.term.watch { background: #fbefd9; color: #6a4a00; }
.terms.none { font-style: italic; }
.delivery.sent { color: var(--ok); }
.delivery.failed { color: var(--bad); }
.delivery.pending { color: var(--idle); }
li.story { padding: 8px 0 12px; border-bottom: 1px solid var(--line); }
li.story .meta { color: var(--muted); margin: 0 0 4px; }
ol.timeline li { padding: 2px 0; }
.source { font-weight: 600; }
svg.strip { display: block; max-width: 100%; height: auto; margin: 2px 0 4px; }
svg .axis { stroke: var(--line); stroke-width: 2; }
svg .mark { fill: var(--accent); fill-opacity: 0.7; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .bar { fill: var(--accent); }
svg .day { stroke: var(--line); stroke-width: 1; }
svg .label { fill: var(--muted); font-size: 10px; }
`,
  },
  'icon.svg': {
    type: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#2f6db5"/><circle cx="8" cy="8" r="3" fill="#fff"/></svg>',
  },
};
