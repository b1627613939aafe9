/**
 * The Grafana dashboard (docs/grafana/radar-dashboard.json) against Radar's real metrics: every
 * metric a PromQL expression or a template variable names is registered by src/metrics (with the
 * Node process metrics it adds when a server exposes them), under the name Prometheus stores
 * (a histogram only as its _bucket, _sum or _count series), and every label it matches, groups by
 * or prints in a legend is one the metric has (or a target label: job, instance; `le` on buckets).
 * So renaming a metric or a label in src/metrics without the dashboard fails here. The file also
 * holds what an import into Grafana needs: the Prometheus datasource as an input (`${DS_PROMETHEUS}`)
 * everywhere a datasource is named, unique panel ids, panels that do not overlap, and `job` and
 * `instance` variables every selector filters on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Metric } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { createMetrics } from '../../src/metrics/index.ts';

const DASHBOARD_FILE = resolve(PROJECT_ROOT, 'docs/grafana/radar-dashboard.json');
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ['job', 'instance'];
/** Metrics Prometheus itself writes for each target. */
const PROMETHEUS_METRICS = new Map([['up', [] as string[]]]);

interface Target { expr: string; legendFormat?: string; refId: string; datasource?: unknown }
interface Panel { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: unknown; targets?: Target[]; panels?: Panel[] }
interface Variable { name: string; type: string; datasource?: unknown; query: string | { query: string }; definition?: string }
interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  title: string;
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
}

/** A metric name a query reads, with the label names its matchers use. */
interface Selector { name: string; matchers: Record<string, string> }
/** What a PromQL expression reads: its selectors and the labels it groups by (by, without, on, ignoring, group_left/right). */
interface Reads { selectors: Selector[]; grouping: string[] }

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2', 'inf', 'nan']);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Strings, matcher blocks, range or subquery brackets, numbers and durations, names, and single characters. */
const TOKEN = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\{[^}]*\}|\[[^\]]*\]|\d[\w.]*|[A-Za-z_:][\w:]*|\S/g;

/** The label matchers of a `{…}` block: name → operator and value. */
function matchers(block: string): Record<string, string> {
  const found: Record<string, string> = {};
  const body = block.slice(1, -1).trim();
  if (!body) return found;
  for (const part of body.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const match = /^\s*([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(part);
    if (!match) throw new Error(`not a label matcher: ${part} in ${block}`);
    found[match[1]!] = `${match[2]}${match[3]}`;
  }
  return found;
}

/** Reads the metric names and labels out of a PromQL expression (the subset a dashboard uses). */
function readPromql(expr: string): Reads {
  const tokens = expr.match(TOKEN) ?? [];
  const selectors: Selector[] = [];
  const grouping: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token === '(') depth++;
    else if (token === ')') depth--;
    if (depth < 0) throw new Error(`unbalanced ")" in ${expr}`);
    if (token.startsWith('{')) throw new Error(`a selector without a metric name in ${expr}`);
    if (!/^[A-Za-z_:]/.test(token)) continue;
    if (LABEL_LISTS.has(token)) {
      if (next !== '(') continue; // group_left without a list
      let j = i + 2;
      for (; tokens[j] !== ')'; j++) if (tokens[j] !== ',') grouping.push(tokens[j]!);
      i = j;
      continue;
    }
    // A keyword, a function, or an aggregation (its grouping may come first: `sum by (le) (…)`).
    if (KEYWORDS.has(token.toLowerCase()) || next === '(' || next === 'by' || next === 'without') continue;
    if (next?.startsWith('{')) {
      selectors.push({ name: token, matchers: matchers(next) });
      i++;
    } else {
      selectors.push({ name: token, matchers: {} });
    }
  }
  if (depth !== 0) throw new Error(`unbalanced "(" in ${expr}`);
  return { selectors, grouping };
}

/** `label_values(metric{…}, label)`: the metric read and the label listed. */
function readLabelValues(query: string): Reads {
  const match = /^label_values\((.+),\s*([A-Za-z_]\w*)\s*\)$/.exec(query.trim());
  if (!match) throw new Error(`expected label_values(<selector>, <label>), got ${query}`);
  const reads = readPromql(match[1]!);
  return { selectors: reads.selectors, grouping: [match[2]!] };
}

/** Each metric Prometheus stores from a Radar scrape (histograms as their three series) → its label names. */
async function radarSeries(): Promise<Map<string, string[]>> {
  const metrics = createMetrics({ now: () => 0, state: async () => ({ outboxPending: 0, oldestPendingAt: null, overdueSince: null, feeds: { ok: 0, failing: 0, unread: 0 } }), stories: () => 0 });
  metrics.withNodeMetrics();
  const series = new Map(PROMETHEUS_METRICS);
  for (const { name, type } of await metrics.registry.getMetricsAsJSON()) {
    const labels = [...((metrics.registry.getSingleMetric(name) as (Metric & { labelNames?: string[] }) | undefined)?.labelNames ?? [])];
    if (String(type) === 'histogram') {
      series.set(`${name}_bucket`, [...labels, 'le']);
      series.set(`${name}_sum`, labels);
      series.set(`${name}_count`, labels);
    } else {
      series.set(name, labels);
    }
  }
  return series;
}

/** Every query in the dashboard: panel targets and template variables, with where they are. */
function queries(dashboard: Dashboard): { place: string; reads: Reads; legend: string | undefined }[] {
  const found = [];
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) found.push({ place: `panel ${panel.id} "${panel.title}" ${target.refId}`, reads: readPromql(target.expr), legend: target.legendFormat });
  }
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
    found.push({ place: `variable ${variable.name}`, reads: readLabelValues(query), legend: undefined });
  }
  return found;
}

/** What is wrong with the queries against the series Radar exposes, one line each. */
function drift(dashboard: Dashboard, series: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const { place, reads, legend } of queries(dashboard)) {
    if (reads.selectors.length === 0) problems.push(`${place}: reads no metric`);
    const available = new Set(TARGET_LABELS);
    for (const { name, matchers } of reads.selectors) {
      const labels = series.get(name);
      if (!labels) {
        const histogram = series.has(`${name}_bucket`) ? ` (a histogram: use ${name}_bucket, _sum or _count)` : '';
        problems.push(`${place}: ${name} is not a Radar metric${histogram}`);
        continue;
      }
      for (const label of labels) available.add(label);
      for (const label of Object.keys(matchers)) {
        if (!labels.includes(label) && !TARGET_LABELS.includes(label)) problems.push(`${place}: ${name} has no label "${label}"`);
      }
    }
    for (const label of reads.grouping) if (!available.has(label)) problems.push(`${place}: groups by "${label}", which no metric it reads has`);
    for (const [, label] of (legend ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      if (!available.has(label!)) problems.push(`${place}: the legend prints "${label}", which no metric it reads has`);
    }
  }
  return problems;
}

function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every value under a `datasource` key anywhere in the file, with its path. */
function datasources(value: unknown, path = '$'): { path: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => datasources(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'datasource' ? [{ path: `${path}.${key}`, value: v }] : datasources(v, `${path}.${key}`)));
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;

describe('the Grafana dashboard', () => {
  it('reads only metrics and labels Radar exposes', async () => {
    const series = await radarSeries();
    expect(series.has('radar_feed_fetch_duration_seconds_bucket')).toBe(true);
    expect(series.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(drift(dashboard, series)).toEqual([]);

  });

  it('finds a renamed metric, a histogram read without its suffix and a renamed label', async () => {
    const series = await radarSeries();
    const edited = (from: string, to: string) => JSON.parse(JSON.stringify(dashboard).replaceAll(from, to)) as Dashboard;
    expect(drift(edited('radar_outbox_pending{', 'radar_outbox_depth{'), series)).toEqual([
      'panel 16 "Outbox depth" A: radar_outbox_depth is not a Radar metric',
    ]);
    expect(drift(edited('radar_item_grouping_duration_seconds_bucket', 'radar_item_grouping_duration_seconds'), series)).toEqual(
      ['A', 'B', 'C'].flatMap((ref) => [
        `panel 21 "Grouping time per item" ${ref}: radar_item_grouping_duration_seconds is not a Radar metric (a histogram: use radar_item_grouping_duration_seconds_bucket, _sum or _count)`,
        `panel 21 "Grouping time per item" ${ref}: groups by "le", which no metric it reads has`,
      ]),
    );
    expect(drift(edited('max by (health)', 'max by (state)'), series)).toEqual([
      'panel 5 "Feeds by health" A: groups by "state", which no metric it reads has',
    ]);
    expect(drift(edited('kind=\\"alert\\"', 'type=\\"alert\\"'), series)).toEqual([
      'panel 10 "Alerts posted by platform and outcome" A: radar_deliveries_total has no label "type"',
    ]);
    expect(drift(edited('label_values(radar_feeds, job)', 'label_values(radar_feed, job)'), series)).toEqual(['variable job: radar_feed is not a Radar metric']);
  });

  it('reads PromQL: names, matchers and grouping; functions, keywords, numbers and ranges are not metrics', () => {
    expect(readPromql('histogram_quantile(0.99, sum by (outcome, le) (rate(radar_feed_fetch_duration_seconds_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])))')).toEqual({
      selectors: [{ name: 'radar_feed_fetch_duration_seconds_bucket', matchers: { job: '=~$job', instance: '=~$instance' } }],
      grouping: ['outcome', 'le'],
    });
    expect(readPromql('sum(rate(a_sum[5m])) / sum(rate(a_count[5m] offset 1h)) > bool 1e3 and on (instance) up')).toEqual({
      selectors: [{ name: 'a_sum', matchers: {} }, { name: 'a_count', matchers: {} }, { name: 'up', matchers: {} }],
      grouping: ['instance'],
    });
    expect(readPromql('max(x{path="/a,b", kind!="alert"}) without (kind)')).toEqual({ selectors: [{ name: 'x', matchers: { path: '=/a,b', kind: '!=alert' } }], grouping: ['kind'] });
    expect(() => readPromql('sum(rate(x[5m])')).toThrow(/unbalanced "\("/);
    expect(() => readPromql('{__name__="x"}')).toThrow(/without a metric name/);
  });

  it('asks for the Prometheus datasource at import and names it everywhere by that input', () => {
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    const named = datasources(dashboard).filter((d) => !d.path.startsWith('$.annotations'));
    expect(named.length).toBeGreaterThan(allPanels(dashboard).length);
    expect(named.filter((d) => JSON.stringify(d.value) !== JSON.stringify(DATASOURCE))).toEqual([]);
    for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
      expect(panel.datasource, `panel ${panel.id}`).toEqual(DATASOURCE);
      expect(panel.targets?.length, `panel ${panel.id}`).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource, `panel ${panel.id} ${target.refId}`).toEqual(DATASOURCE);
    }
  });

  it('is titled Radar, with unique panel ids, rows by area, and panels within the grid that do not overlap', () => {
    expect(dashboard).toMatchObject({ title: 'Radar', uid: 'radar' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36); // Grafana 9.3 and later
    const panels = allPanels(dashboard);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Feeds', 'Alerts', 'Queue', 'Stories', 'Process']);
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, `panel ${panel.id}`).toBe(refIds.length);
      expect(panel.gridPos.x + panel.gridPos.w, `panel ${panel.id}`).toBeLessThanOrEqual(24);
    }
    const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const overlapping = panels.flatMap((a, i) => panels.slice(i + 1).filter((b) => overlaps(a.gridPos, b.gridPos)).map((b) => `${a.id} and ${b.id}`));
    expect(overlapping).toEqual([]);
  });

  it('filters every selector on the job and instance variables', () => {
    const names = dashboard.templating.list.map((v) => v.name);
    expect(names).toEqual(['job', 'instance']);
    for (const variable of dashboard.templating.list) expect(variable.datasource).toEqual(DATASOURCE);
    const unfiltered = allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).flatMap((target) => readPromql(target.expr).selectors
      .filter((s) => s.matchers.job !== '=~$job' || s.matchers.instance !== '=~$instance')
      .map((s) => `panel ${panel.id} ${target.refId}: ${s.name}`)));
    expect(unfiltered).toEqual([]);
  });
});
