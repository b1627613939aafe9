/**
 * One event over its news day, through the real pipeline: eight outlets (five English, three
 * Spanish) report Mexico's transfer of 29 prisoners over six hours, in different words, some with
 * a headline and some with only a lede; the channel gets one alert and the rest as follow-ups under
 * it. The next day the president's answer about that transfer is a new story: it alerts on its own.
 */
import { describe, expect, it } from 'vitest';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars, type TestFeed } from '../helpers/radar.ts';

const T0 = Date.parse('2025-02-27T19:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);

type Outlet = TestFeed & { entry: FeedEntrySpec };

const OUTLETS: Outlet[] = [
  {
    id: 'wire', name: 'Wire Service', url: '', lang: 'en',
    entry: {
      title: 'Mexico sends 29 cartel figures to the United States, including Caro Quintero',
      link: 'https://wire.example/world/americas/mexico-sends-29-cartel-figures-us/',
      description: 'Mexico sent 29 people wanted for drug trafficking to the United States on Thursday, among them Rafael Caro Quintero, the drug lord accused of the 1985 killing of a DEA agent, the security cabinet said.',
      pubDate: at(0),
    },
  },
  {
    id: 'universal', name: 'El Universal', url: '', lang: 'es',
    entry: {
      title: 'México envía a 29 narcotraficantes a Estados Unidos, entre ellos Caro Quintero',
      link: 'https://universal.example/nacion/mexico-envia-29-narcotraficantes-eu/',
      description: 'El Gabinete de Seguridad informó que 29 personas requeridas por la justicia estadounidense fueron trasladadas a Estados Unidos, entre ellas Rafael Caro Quintero.',
      pubDate: at(20),
    },
  },
  {
    id: 'courier', name: 'The Courier', url: '', lang: 'en',
    entry: {
      title: '',
      link: 'https://courier.example/2025/02/27/caro-quintero-flown-to-us/',
      description: "Rafael Caro Quintero, who was convicted in Mexico for the 1985 murder of DEA agent Enrique 'Kiki' Camarena, was among 29 prisoners flown to the United States on Thursday.",
      pubDate: at(45),
    },
  },
  {
    id: 'globe', name: 'The Globe', url: '', lang: 'en',
    entry: {
      title: 'Caro Quintero among 29 Mexican prisoners handed to US in unprecedented transfer',
      link: 'https://globe.example/news/2025/02/27/mexico-prisoners-transfer',
      description: 'The transfer of 29 prisoners, several of them leaders of the Sinaloa and Jalisco cartels, came as Mexican officials met in Washington to head off tariffs.',
      pubDate: at(90),
    },
  },
  {
    id: 'milenio', name: 'Milenio', url: '', lang: 'es',
    entry: {
      title: '',
      link: 'https://milenio.example/policia/29-reos-enviados-estados-unidos',
      description: 'Entre los 29 reos enviados a Estados Unidos figuran Rafael Caro Quintero y los hermanos Omar y Miguel Treviño, exlíderes de Los Zetas.',
      pubDate: at(150),
    },
  },
  {
    id: 'ledger', name: 'The Ledger', url: '', lang: 'en',
    entry: {
      title: "US prosecutors to try Caro Quintero after Mexico's transfer of 29 prisoners",
      link: 'https://ledger.example/us/caro-quintero-court-brooklyn',
      description: 'Rafael Caro Quintero will appear in federal court in Brooklyn on Friday after Mexico sent him and 28 other prisoners to the United States, the Justice Department said.',
      pubDate: at(210),
    },
  },
  {
    id: 'herald', name: 'The Herald', url: '', lang: 'en',
    entry: {
      title: "Mexico's mass transfer of 29 cartel prisoners: what we know",
      link: 'https://herald.example/world/mexico-29-prisoners-what-we-know',
      description: 'Mexico flew 29 prisoners wanted in the United States, among them Caro Quintero and the Treviño brothers of Los Zetas, to several US cities on Thursday.',
      pubDate: at(300),
    },
  },
  {
    id: 'jornada', name: 'La Jornada', url: '', lang: 'es',
    entry: {
      title: 'Caro Quintero y otros 28 presos llegan a EU; comparecerán ante jueces federales',
      link: 'https://jornada.example/politica/caro-quintero-llega-eu',
      description: 'Rafael Caro Quintero y otros 28 presos enviados por México llegaron a Nueva York, Washington y otras ciudades de Estados Unidos, donde enfrentarán cargos.',
      pubDate: at(360),
    },
  },
];

/** The next day, the president's answer about the transfer: a new development, not a report of it. */
const REPLY: FeedEntrySpec = {
  title: 'Sheinbaum says transfer of 29 prisoners was a sovereign decision, not a concession to Trump',
  link: 'https://wire.example/world/americas/sheinbaum-transfer-sovereign-decision/',
  description: "Mexican President Claudia Sheinbaum said on Friday the transfer of 29 prisoners to the United States was a decision of Mexico's security cabinet and was not negotiated to avoid tariffs.",
  pubDate: at(24 * 60 + 90),
};

describe('one event over its news day', () => {
  const radars = useTestRadars();

  it('eight outlets in two languages over six hours: one alert and follow-ups; the next day\'s reply alerts on its own', async () => {
    const { server } = radars;
    const published = new Map<string, FeedEntrySpec[]>(OUTLETS.map((o) => [o.id, []]));
    const serve = (id: string, name: string) => server.serve(`/${id}.xml`, rssFeed({ title: name, items: [...published.get(id)!].reverse() }));
    const feeds = OUTLETS.map((o) => {
      serve(o.id, o.name);
      return { ...o, url: server.url(`/${o.id}.xml`) };
    });
    let now = T0 - 10 * MIN;
    const test = await radars.start(feeds, { clock: () => now, extraYaml: 'stories: { window: 72h, followUpEvery: 30m }' });
    // Every feed is read once before the event, so each report is new when its outlet publishes it.
    await test.radar.pollOnce();

    const reveal = async (outlet: Outlet | undefined, entry: FeedEntrySpec) => {
      const id = outlet?.id ?? 'wire';
      published.get(id)!.push(entry);
      serve(id, outlet?.name ?? 'Wire Service');
      now = (entry.pubDate as Date).getTime() + MIN;
      await test.radar.pollOnce();
    };
    for (const outlet of OUTLETS) await reveal(outlet, outlet.entry);
    now += 60 * MIN; // the last follow-up's pacing has passed
    await test.radar.pollOnce();

    const day = test.output();
    expect(day.match(/^▶ /gm)).toHaveLength(1);
    expect(day).toContain('▶ Mexico sends 29 cartel figures to the United States, including Caro Quintero');
    const reportedBy = [...day.matchAll(/↳ Also reported by (.*?) \(/g)].map((m) => m[1]!).join(', ');
    for (const o of OUTLETS.slice(1)) expect(reportedBy).toContain(o.name);
    // Follow-ups are aggregated at the story's pace: fewer messages than reports.
    expect(day.match(/↳ /gm)!.length).toBeLessThan(OUTLETS.length - 1);

    await reveal(undefined, REPLY);
    const next = test.output().slice(day.length);
    expect(next.match(/^▶ /gm)).toHaveLength(1);
    expect(next).toContain('▶ Sheinbaum says transfer of 29 prisoners was a sovereign decision');
    expect(next).not.toContain('↳');
  });
});
