/**
 * What an alert says about an item, end to end (HTTP feed → parse → summarize → score → console),
 * for the text details that went wrong before: dates ("-1", long Spanish dates), a summary cut
 * inside an emoji, a leading dateline, matched terms (most specific once, in the item's language)
 * and the item's language on the alert.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';

const NOW = Date.UTC(2026, 11, 2, 12);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('item text, end to end', () => {
  const radars = useTestRadars();
  let test: TestRadar;

  it('reads nonsense and long Spanish dates, cuts on whole characters, drops datelines, and labels matches in the item language', async () => {
    const { server } = radars;
    server.serve('/diario.xml', rssFeed({
      title: 'Diario',
      language: 'es-MX',
      items: [
        {
          title: 'Detienen en Culiacán a operador del Cártel de Sinaloa buscado por EE.UU. por tráfico de fentanilo',
          link: 'https://diario.example/detencion',
          description: '1 de diciembre de 2026 El secretario de Seguridad confirmó la detención del operador, señalado por enviar fentanilo a Estados Unidos.',
          pubDate: 'lunes, 1 de diciembre de 2026 10:30 hrs',
        },
        { title: 'Tomateros de Culiacán ganan la serie', link: 'https://diario.example/beisbol', pubDate: '-1' },
      ],
    }));
    // One long "word" puts the summary's cut between the two halves of the emoji.
    const budget = 300;
    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      language: 'en',
      items: [{
        title: 'Gulf Cartel boss extradited from Tamaulipas to Texas on cocaine charges',
        link: 'https://wire.example/extradited',
        description: `${'a'.repeat(budget - 2)}😀${'b'.repeat(50)}`,
        pubDate: 'Mon, 01 Dec 2026 09:00:00 GMT',
      }],
    }));
    test = await radars.start([
      { id: 'diario', name: 'Diario', url: server.url('/diario.xml') },
      { id: 'wire', name: 'Wire', url: server.url('/wire.xml') },
    ], { clock: () => NOW });
    await test.radar.pollOnce();

    const db = new Database(join(test.dir, 'radar.sqlite'), { readonly: true });
    const published = new Map((db.prepare('SELECT url, published_at FROM items').all() as Array<{ url: string; published_at: number }>).map((r) => [r.url, r.published_at]));
    const payloads = (db.prepare('SELECT payload FROM outbox').all() as Array<{ payload: string }>).map((r) => r.payload);
    db.close();
    // "-1" is no date: the fetch time stands in (not 2001-01-01); the long Spanish date is read.
    expect(published.get('https://diario.example/beisbol')).toBe(NOW);
    expect(published.get('https://diario.example/detencion')).toBe(Date.UTC(2026, 11, 1, 10, 30));

    const out = test.output();
    const alerts = out.split(/^(?=▶ )/m);
    const spanish = alerts.find((a) => a.startsWith('▶ Detienen'))!;
    const english = alerts.find((a) => a.startsWith('▶ Gulf Cartel'))!;
    expect(spanish).toBeDefined();
    expect(english).toBeDefined();

    // The language on the alert line.
    expect(spanish.split('\n')[1]).toMatch(/^ {2}Diario · ES · 2026-12-01 10:30 UTC/);
    expect(english.split('\n')[1]).toMatch(/^ {2}Wire · EN · /);
    // The dateline is gone from the summary.
    expect(spanish).toContain('\n  El secretario de Seguridad confirmó');
    expect(spanish).not.toContain('1 de diciembre de 2026 El secretario');
    // Matched terms: the most specific once, spelled as the item spells them.
    const matched = (alert: string) => /matched: (.*)/.exec(alert)?.[1]?.split(', ') ?? [];
    expect(matched(english)).toContain('Gulf Cartel');
    expect(matched(english)).not.toContain('cartel');
    expect(matched(spanish)).toContain('Cártel de Sinaloa');
    expect(matched(spanish)).not.toContain('Sinaloa');
    expect(matched(spanish)).not.toContain('cartel');
    // No half of an emoji, neither stored nor printed.
    expect(english).toContain('aaa…');
    expect(out).not.toMatch(LONE_SURROGATE);
    for (const payload of payloads) expect(JSON.parse(payload).summary).not.toMatch(LONE_SURROGATE);
  }, 30_000);
});
