/**
 * A newsroom for the status page tests: a real Radar (SQLite file, HTTP server on an ephemeral
 * port, console channel) polls feeds served on 127.0.0.1 once. One story is reported by three
 * outlets in two languages; a feed whose name and item title carry markup and script (the title
 * entity-escaped in the feed, so that it reaches the store as text); a feed that fails. Its clock
 * is injected, and moved a few minutes on after the poll.
 */
import { rssFeed } from './feed-server.ts';
import type { TestRadar, TestRadars } from './radar.ts';

export const HOSTILE = '<img src=x onerror=alert(1)><script>window.__pwned=1</script>';
export const HOSTILE_FEED = `Hostile ${HOSTILE}`;
export const PAGE_TOKEN = 'page-token-9d2f61c4a8b7';
export const T0 = Date.parse('2025-09-03T18:00:00Z');
const MINUTE = 60_000;

/** The entity-escaped form a feed would carry (its XML escaping comes on top). */
const entityEscaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const EXTRADITION = {
  wire: 'Sinaloa Cartel leader extradited to the United States on fentanyl trafficking charges',
  press: 'Sinaloa Cartel leader extradited to US to face fentanyl trafficking charges',
  diario: 'Extraditan a Estados Unidos a líder del Cártel de Sinaloa por tráfico de fentanilo',
};
export const HOSTILE_TITLE = `Gulf Cartel boss extradited from Tamaulipas to Texas on cocaine charges ${HOSTILE}`;

export interface Newsroom {
  test: TestRadar;
  /** The injected clock's reading. */
  now(): number;
  setNow(at: number): void;
}

/** Starts the newsroom and polls once; `env` may add settings (e.g. RADAR_PAGE_TOKEN). */
export async function startNewsroom(radars: TestRadars, env: Record<string, string> = {}): Promise<Newsroom> {
  const { server } = radars;
  const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
  server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [
    { title: EXTRADITION.wire, link: 'https://wire.example/world/sinaloa-extradition', guid: 'wire-1', pubDate: at(-50),
      description: 'A leader of the Sinaloa Cartel was extradited to the United States to face fentanyl trafficking charges in New York, officials said.' },
    { title: 'Sheinbaum rejects any US military strike against cartels on Mexican soil', link: 'https://wire.example/world/strikes', guid: 'wire-2', pubDate: at(-30) },
  ] }));
  server.serve('/press.xml', rssFeed({ title: 'Press', language: 'en', items: [
    { title: EXTRADITION.press, link: 'https://press.example/article/sinaloa-leader-extradited', guid: 'press-1', pubDate: at(-42),
      description: 'The Sinaloa Cartel leader was flown to the United States to face fentanyl trafficking charges in a New York federal court.' },
  ] }));
  server.serve('/diario.xml', rssFeed({ title: 'Diario', language: 'es', items: [
    { title: EXTRADITION.diario, link: 'https://diario.example/nacion/extradicion-sinaloa', guid: 'diario-1', pubDate: at(-35),
      description: 'Un líder del Cártel de Sinaloa fue extraditado a Estados Unidos para enfrentar cargos por tráfico de fentanilo en Nueva York.' },
  ] }));
  server.serve('/hostile.xml', rssFeed({ title: HOSTILE, language: 'en', items: [
    { title: entityEscaped(HOSTILE_TITLE), link: 'javascript:alert(1)', guid: 'hostile-1', pubDate: at(-20),
      description: 'A leader of the Gulf Cartel was flown from Tamaulipas to Texas to face cocaine trafficking charges, prosecutors said.' },
  ] }));
  let now = T0;
  const test = await radars.start([
    { id: 'wire', name: 'Wire', url: server.url('/wire.xml'), lang: 'en' },
    { id: 'press', name: 'Press', url: server.url('/press.xml'), lang: 'en' },
    { id: 'diario', name: 'Diario', url: server.url('/diario.xml'), lang: 'es' },
    { id: 'hostile', name: HOSTILE_FEED, url: server.url('/hostile.xml') },
    { id: 'gone', name: 'Gone', url: server.url('/gone.xml') },
  ], { clock: () => now, pollYaml: 'interval: 5m, jitter: 0, firstPollAlerts: 5, tick: "0 0 0 1 1 *"', extraYaml: 'stories: { window: 72h, followUpEvery: 10m }', env: { RADAR_HTTP_PORT: '0', ...env } });
  await test.radar.pollOnce();
  now = T0 + 3 * MINUTE;
  return { test, now: () => now, setNow: (t) => { now = t; } };
}
