/**
 * Radar's own HTTP server, one per instance (Hono on Node's http server): `/livez` answers while
 * the event loop turns; `/readyz` answers 200 when every probe passes (the store answers, each chat
 * adapter is connected) and 503 with the reasons otherwise, so that an orchestrator sends no work
 * to an instance whose database is gone; `/metrics` gives Radar's metrics in the Prometheus text
 * format, to a bearer token when one is set (a missing or wrong one gets 401, counted) and from the
 * allowed networks when they are listed (another address gets 403, counted); `/` is the status
 * page (status-view.ts), read-only, to a page token when one is set (page-access.ts; 401 counted);
 * `/websub/<id>` is the WebSub callback when `websub.publicUrl` is set (src/websub/callback.ts).
 * It binds to 127.0.0.1 unless configured otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { StartupError } from '../adapters/index.ts';
import { listenError } from '../adapters/listen-error.ts';
import type { Metrics } from '../metrics/index.ts';
import { networkMatcher } from '../shared/networks.ts';
import type { Logger } from '../shared/logger.ts';
import { accessAnswer, decideAccess, type PageAccess } from './page-access.ts';
import { PAGE_ASSETS } from './page-assets.ts';
import { readStatusPage, type StatusPageSource } from './status-data.ts';
import { renderStatusPage } from './status-view.ts';

/** One readiness check: resolves to null when ready, else to why not (one line). */
export interface Probe {
  name: string;
  check(): Promise<string | null>;
}

export interface HttpSettings {
  port: number;
  host: string;
  /** The setting that chose the port (for messages): `http.port` or RADAR_HTTP_PORT. */
  setting: string;
}

export interface HttpDeps {
  probes: () => readonly Probe[];
  logger: Logger;
  /** How long a probe may take before it counts as failed. */
  probeTimeoutMs?: number;
  /**
   * Served at /metrics; `token` (when set) is the bearer token a scrape must carry, and
   * `allowedNetworks` (when set) the networks it may come from.
   */
  metrics?: { metrics: Metrics; token: string | null; allowedNetworks?: readonly string[] | null };
  /** Served at `/` (the status page), to readers `access` lets in; refusals are counted in the metrics' unauthorized counter. */
  page?: { source: StatusPageSource; access: PageAccess };
  /** The WebSub callback routes, served under /websub (src/websub). */
  websub?: Hono;
}

/** The page's headers: no script or style but its own files, no framing, no plugin, no referrer, no cache. */
const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface HttpServer {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  close(): Promise<void>;
}

/** Runs every probe at once, each within the timeout; the failures as `name: reason`. */
async function failures(probes: readonly Probe[], timeoutMs: number): Promise<string[]> {
  const results = await Promise.all(probes.map(async (probe) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => { timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs); });
    try {
      const reason = await Promise.race([probe.check().catch((error: unknown) => (error instanceof Error ? error.message : String(error))), late]);
      return reason === null ? null : `${probe.name}: ${reason}`;
    } finally {
      clearTimeout(timer);
    }
  }));
  return results.filter((r): r is string => r !== null);
}

/** Whether an Authorization header carries the token: digests compared in constant time, whatever the lengths. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  const timeoutMs = deps.probeTimeoutMs ?? 2_000;
  app.get('/livez', (c) => c.text('ok\n'));
  app.get('/readyz', async (c) => {
    const failed = await failures(deps.probes(), timeoutMs);
    if (failed.length) return c.text(`not ready\n${failed.map((f) => `${f}\n`).join('')}`, 503);
    return c.text('ready\n');
  });
  const exposed = deps.metrics;
  if (exposed) {
    const allowed = exposed.allowedNetworks ? networkMatcher(exposed.allowedNetworks) : null;
    app.get('/metrics', async (c) => {
      if (allowed && !allowed(getConnInfo(c).remote.address)) {
        exposed.metrics.forbidden.inc({ path: '/metrics' });
        return c.text('forbidden: this address is not in metrics.allowedNetworks\n', 403);
      }
      if (exposed.token !== null && !bearerMatches(c.req.header('authorization'), exposed.token)) {
        exposed.metrics.unauthorized.inc({ path: '/metrics' });
        return c.text('unauthorized: send "Authorization: Bearer <metrics token>"\n', 401, { 'WWW-Authenticate': 'Bearer realm="radar"' });
      }
      return c.body(await exposed.metrics.scrape(), 200, { 'Content-Type': exposed.metrics.contentType });
    });
  }
  const page = deps.page;
  if (page) {
    app.get('/', async (c) => {
      const refused = accessAnswer(c, decideAccess(c, page.access), () => exposed?.metrics.unauthorized.inc({ path: '/' }));
      if (refused) return refused;
      return c.html(renderStatusPage(await readStatusPage(page.source)), 200, PAGE_HEADERS);
    });
    app.get('/assets/:name', (c) => {
      const asset = Object.hasOwn(PAGE_ASSETS, c.req.param('name')) ? PAGE_ASSETS[c.req.param('name')] : undefined;
      if (!asset) return c.text('not found\n', 404);
      return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    });
  }
  if (deps.websub) app.route('/websub', deps.websub);
  app.notFound((c) => c.text('not found\n', 404));
  app.onError((error, c) => {
    deps.logger.error({ err: error }, 'http request failed');
    return c.text('internal error\n', 500);
  });
  return app;
}

/** Starts the server; a port in use (or refused) is a StartupError naming the setting. */
export async function startHttpServer(settings: HttpSettings, deps: HttpDeps): Promise<HttpServer> {
  const app = createHttpApp(deps);
  let server: ServerType;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => resolve(info));
    server.once('error', reject);
  }).catch((error: unknown) => {
    throw error instanceof StartupError ? error : listenError(error, settings.setting, settings.port);
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  deps.logger.info({ url }, 'http server listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
