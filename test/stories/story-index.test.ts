import { describe, expect, it } from 'vitest';
import {
  decodeSignature,
  encodeSignature,
  fingerprintItem,
  isSameStory,
  StoryIndex,
  type StoryEntry,
} from '../../src/stories/index.ts';

const H = 3_600_000;
const T0 = Date.UTC(2025, 8, 3, 14);

interface Item {
  title: string;
  summary: string;
  url: string | null;
}

const rubioEn: Item = {
  title: 'Rubio, Sheinbaum agree to form security group in Mexico City talks',
  summary:
    'U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to tackle cartels and fentanyl trafficking, after meeting at the National Palace.',
  url: 'https://www.reuters.com/world/americas/rubio-sheinbaum-agree-security-group-2025-09-03/',
};
const rubioEs: Item = {
  title: 'Sheinbaum y Rubio acuerdan crear grupo de seguridad tras reunión en Palacio Nacional',
  summary:
    'La presidenta Claudia Sheinbaum y el secretario de Estado de EE.UU., Marco Rubio, acordaron conformar un grupo de seguridad de alto nivel para combatir a los cárteles y el tráfico de fentanilo y de armas.',
  url: 'https://www.eluniversal.com.mx/nacion/sheinbaum-y-rubio-acuerdan-crear-grupo-de-seguridad/',
};
const droneEn: Item = {
  title: 'Sheinbaum rejects U.S. drone strikes on Mexican soil after Pentagon report',
  summary:
    'Mexican President Claudia Sheinbaum said on Wednesday her government would not accept U.S. drone strikes against cartels on Mexican territory, after a report that the Pentagon was drawing up options.',
  url: 'https://www.reuters.com/world/americas/sheinbaum-rejects-us-drone-strikes-2025-09-03/',
};
const transferEn: Item = {
  title: 'Mexico sends 26 cartel figures to United States in second mass transfer',
  summary:
    'Mexico sent 26 alleged cartel members wanted by U.S. prosecutors to the United States on Thursday, the second such mass transfer this year, the security cabinet said.',
  url: 'https://www.reuters.com/world/americas/mexico-sends-26-cartel-figures-2025-09-04/',
};
const transferEs: Item = {
  title: 'México envía a 26 narcotraficantes a Estados Unidos en segundo traslado masivo',
  summary: 'El Gabinete de Seguridad informó que 26 integrantes de cárteles fueron enviados a Estados Unidos, donde enfrentan cargos por narcotráfico.',
  url: 'https://www.milenio.com/policia/mexico-envia-26-narcotraficantes-estados-unidos',
};
const quake62: Item = {
  title: 'Magnitude 6.2 earthquake strikes Oaxaca, Mexico; no immediate reports of damage',
  summary: 'A magnitude 6.2 earthquake struck the southern Mexican state of Oaxaca on Tuesday morning, the national seismological service said.',
  url: 'https://www.reuters.com/world/americas/magnitude-62-earthquake-oaxaca/',
};
const quake54: Item = {
  title: 'Magnitude 5.4 quake hits Guerrero state in Mexico',
  summary: 'A magnitude 5.4 earthquake hit near Acapulco in Mexico\'s Guerrero state, the national seismological service said, with no reports of damage.',
  url: 'https://www.reuters.com/world/americas/magnitude-54-quake-guerrero/',
};

const rubioEs2: Item = {
  title: 'Sheinbaum recibe a Marco Rubio y pactan un grupo de seguridad',
  summary:
    'En Palacio Nacional, la presidenta Claudia Sheinbaum recibió al secretario de Estado Marco Rubio; ambos gobiernos pactaron un grupo de implementación de seguridad contra cárteles y tráfico de armas.',
  url: 'https://www.jornada.com.mx/politica/sheinbaum-recibe-rubio-grupo-seguridad',
};
const erickLive: Item = {
  title: 'Live updates: Hurricane Erick makes landfall in Oaxaca',
  summary: "Hurricane Erick came ashore as a Category 3 storm on Mexico's Pacific coast.",
  url: 'https://www.cnn.com/weather/live-news/hurricane-erick-09-17-25',
};
const erickLiveLater: Item = {
  title: 'Live updates: Erick weakens to tropical storm after battering Oaxaca',
  summary: 'Erick weakened over the mountains of southern Mexico after making landfall as a Category 3 hurricane.',
  url: 'https://www.cnn.com/weather/live-news/hurricane-erick-09-17-25?utm_source=rss',
};
const flossie: Item = {
  title: "Tropical Storm Flossie forms off Mexico's Pacific coast",
  summary: "Tropical Storm Flossie formed off Mexico's southern Pacific coast and was forecast to strengthen into a hurricane, days after Erick hit Oaxaca.",
  url: 'https://apnews.com/article/tropical-storm-flossie-mexico-pacific',
};

let nextId = 1;
function entry(item: Item, publishedAt: number, storyId?: number): StoryEntry {
  const id = nextId++;
  return { itemId: id, storyId: storyId ?? id, publishedAt, ...fingerprintItem(item) };
}
function lookup(index: StoryIndex, item: Item, publishedAt: number) {
  return index.match({ publishedAt, ...fingerprintItem(item) });
}
/** The pipeline's flow: match, then add under the matched story or a new one. */
function file(index: StoryIndex, item: Item, publishedAt: number): StoryEntry {
  const fp = fingerprintItem(item);
  const m = index.match({ publishedAt, ...fp });
  const id = nextId++;
  const e = { itemId: id, storyId: m?.storyId ?? id, publishedAt, ...fp };
  index.add(e);
  return e;
}

describe('StoryIndex', () => {
  it('groups a republished item with a new guid and a lightly edited title', () => {
    const index = new StoryIndex();
    const first = entry(transferEn, T0);
    index.add(first);
    const republished = { ...transferEn, title: `UPDATE 1-${transferEn.title}`, url: `${transferEn.url}-update` };
    const m = lookup(index, republished, T0 + 2 * H);
    expect(m).toMatchObject({ storyId: first.storyId, itemId: first.itemId, reason: 'text' });
  });

  it('groups URL variants by canonical URL', () => {
    const index = new StoryIndex();
    const first = entry(rubioEs, T0);
    index.add(first);
    const variant = { ...rubioEs, title: 'Otro título', summary: '', url: rubioEs.url!.replace('https://www.', 'https://') + 'amp/?utm_source=x' };
    expect(lookup(index, variant, T0 + H)).toEqual({ storyId: first.storyId, itemId: first.itemId, similarity: 1, reason: 'url' });
  });

  it('groups the same event across English and Spanish within hours', () => {
    const index = new StoryIndex();
    const en = entry(rubioEn, T0);
    index.add(en);
    expect(lookup(index, rubioEs, T0 + 40 * 60_000)?.storyId).toBe(en.storyId);

    const index2 = new StoryIndex();
    const es = entry(transferEs, T0);
    index2.add(es);
    expect(lookup(index2, transferEn, T0 + 20 * 60_000)?.storyId).toBe(es.storyId);
  });

  it('keeps different events about the same people on the same day apart', () => {
    const index = new StoryIndex();
    index.add(entry(rubioEn, T0));
    index.add(entry(rubioEs, T0 + 40 * 60_000));
    expect(lookup(index, droneEn, T0 + 5 * H)).toBeNull();
  });

  it('keeps events whose title numbers differ apart', () => {
    const index = new StoryIndex();
    index.add(entry(quake54, T0));
    expect(lookup(index, quake62, T0 + 5 * H)).toBeNull();
  });

  it('accepts weaker similarity only within a few hours', () => {
    const a = fingerprintItem(rubioEn).signature;
    const b = fingerprintItem(rubioEs).signature;
    expect(isSameStory(a, b, H).same).toBe(true);
    expect(isSameStory(a, b, 30 * H).same).toBe(false);
  });

  it('lets a story grow through its members across languages in its first hours', () => {
    const index = new StoryIndex();
    const seed = file(index, rubioEn, T0);
    expect(file(index, rubioEs, T0 + 40 * 60_000).storyId).toBe(seed.storyId);
    expect(file(index, rubioEs2, T0 + 130 * 60_000).storyId).toBe(seed.storyId);
  });

  it('does not chain a later, different event through a loosely similar member', () => {
    // The later live post joins by URL; Flossie resembles it loosely, hours after Erick's story began.
    const index = new StoryIndex();
    const seed = file(index, erickLive, T0);
    expect(file(index, erickLiveLater, T0 + 5 * H).storyId).toBe(seed.storyId);
    const t = T0 + 8 * H + 30 * 60_000;
    expect(isSameStory(fingerprintItem(flossie).signature, fingerprintItem(erickLiveLater).signature, t - (T0 + 5 * H)).same).toBe(true);
    expect(lookup(index, flossie, t)).toBeNull();
  });

  it('does not let a story drift within its first hours to items sharing nothing with its seed', () => {
    // A ~ B and B ~ C share three terms each; C shares none with A.
    const a: Item = { title: 'Zacatecas Fresnillo Sombrerete Jerez Valparaíso', summary: '', url: null };
    const b: Item = { title: 'Sombrerete Jerez Valparaíso Tlaltenango Juchipila Nochistlán', summary: '', url: null };
    const c: Item = { title: 'Tlaltenango Juchipila Nochistlán Calera Pinos', summary: '', url: null };
    const index = new StoryIndex();
    const seed = file(index, a, T0);
    expect(file(index, b, T0 + 10 * 60_000).storyId).toBe(seed.storyId);
    expect(isSameStory(fingerprintItem(c).signature, fingerprintItem(b).signature, 10 * 60_000).same).toBe(true);
    expect(lookup(index, c, T0 + 20 * 60_000)).toBeNull();
  });

  it('passes the seed on to the next item of the story when the seed leaves the window', () => {
    const index = new StoryIndex({ windowMs: 24 * H });
    const seed = file(index, erickLive, T0);
    const later = file(index, erickLiveLater, T0 + 20 * H);
    expect(later.storyId).toBe(seed.storyId);
    index.evictBefore(T0 + H);
    expect(index.size).toBe(1);
    // The story now begins with the later post: Flossie, 2 h after it, may join it.
    expect(lookup(index, flossie, T0 + 22 * H)?.storyId).toBe(seed.storyId);
  });

  it('evicts entries older than the window', () => {
    const index = new StoryIndex({ windowMs: 24 * H });
    const first = entry(transferEn, T0);
    index.add(first);
    index.add(entry(quake62, T0 + 30 * H));
    expect(index.size).toBe(1);
    const republished = { ...transferEn, url: null };
    expect(lookup(index, republished, T0 + 30 * H)).toBeNull();
  });

  it('does not match across more than the window even before eviction', () => {
    const index = new StoryIndex({ windowMs: 24 * H });
    index.add(entry(transferEn, T0));
    expect(lookup(index, transferEn, T0 + 25 * H)).toBeNull();
  });

  it('round-trips signatures through bytes', () => {
    const sig = fingerprintItem(rubioEn).signature;
    const bytes = encodeSignature(sig);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(8 + 4 * (sig.title.length + sig.body.length + sig.names!.length));
    const back = decodeSignature(bytes);
    expect(Array.from(back.title)).toEqual(Array.from(sig.title));
    expect(Array.from(back.body)).toEqual(Array.from(sig.body));
    expect(back.lang).toBe(1);
    expect(Array.from(back.names!)).toEqual(Array.from(sig.names!));
    expect(sig.names!.length).toBeGreaterThan(0);
    // Signatures stored before the language and the names were recorded still read.
    const v1 = new Uint8Array(4 + 4 * sig.body.length);
    v1.set([1, 0, sig.body.length, 0]);
    v1.set(bytes.subarray(8 + 4 * sig.title.length, 8 + 4 * (sig.title.length + sig.body.length)), 4);
    expect(Array.from(decodeSignature(v1).body)).toEqual(Array.from(sig.body));
    expect(decodeSignature(v1).lang).toBe(0);
    expect(() => decodeSignature(new Uint8Array([9, 0, 0, 0]))).toThrow(RangeError);
    expect(() => decodeSignature(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
  });

  it('gives the same matches after a rebuild from stored rows', () => {
    const items = [rubioEn, droneEn, transferEn, quake54];
    const live = new StoryIndex();
    const rows: { itemId: number; storyId: number; publishedAt: number; canonicalUrl: string | null; signature: Uint8Array }[] = [];
    items.forEach((item, i) => {
      const e = entry(item, T0 + i * H);
      live.add(e);
      rows.push({ ...e, signature: encodeSignature(e.signature) });
    });
    const rebuilt = StoryIndex.fromRows(rows.reverse());
    expect(rebuilt.size).toBe(live.size);
    for (const probe of [rubioEs, transferEs, { ...transferEn, url: null }, quake62, droneEn]) {
      const t = T0 + 5 * H;
      expect(lookup(rebuilt, probe, t)).toEqual(lookup(live, probe, t));
    }
  });

  it('rebuilds the seeds of stories from stored rows', () => {
    const live = new StoryIndex({ windowMs: 24 * H });
    const flow: [Item, number][] = [
      [erickLive, T0],
      [rubioEn, T0 + H],
      [rubioEs, T0 + H + 40 * 60_000],
      [erickLiveLater, T0 + 5 * H],
      [transferEn, T0 + 6 * H],
    ];
    const rows = flow.map(([item, t]) => {
      const e = file(live, item, t);
      return { ...e, signature: encodeSignature(e.signature) };
    });
    const check = (rebuilt: StoryIndex, probes: [Item, number][]): void => {
      expect(rebuilt.size).toBe(live.size);
      for (const [probe, t] of probes) expect(lookup(rebuilt, probe, t)).toEqual(lookup(live, probe, t));
    };
    const probes: [Item, number][] = [
      [flossie, T0 + 8 * H + 30 * 60_000],
      [rubioEs2, T0 + 3 * H],
      [transferEs, T0 + 6 * H + 20 * 60_000],
      [{ ...erickLiveLater, url: null }, T0 + 6 * H],
    ];
    check(StoryIndex.fromRows([...rows].reverse(), { windowMs: 24 * H }), probes);
    expect(lookup(live, flossie, T0 + 8 * H + 30 * 60_000)).toBeNull();

    // After the first seeds leave the window, the rows of the items still in it, or all rows,
    // rebuild the same index.
    const q = file(live, quake54, T0 + 25 * H + 30 * 60_000);
    rows.push({ ...q, signature: encodeSignature(q.signature) });
    const later: [Item, number][] = [
      [flossie, T0 + 26 * H],
      [{ ...erickLiveLater, url: null }, T0 + 26 * H],
      [rubioEs2, T0 + 26 * H],
      [quake54, T0 + 26 * H],
    ];
    check(StoryIndex.fromRows(rows, { windowMs: 24 * H }), later);
    check(StoryIndex.fromRows(rows.filter((r) => r.publishedAt >= q.publishedAt - 24 * H), { windowMs: 24 * H }), later);
  });

  it('still finds the story behind thousands of unrelated items (bounded buckets)', () => {
    const index = new StoryIndex({ bucketSize: 2 });
    const first = entry(transferEn, T0);
    index.add(first);
    const words = ['lluvia', 'senado', 'peso', 'Monterrey', 'Pemex', 'metro', 'Jalisco', 'FIFA', 'Banxico', 'Tijuana', 'vacuna', 'Oaxaca'];
    for (let i = 0; i < 3_000; i++) {
      const pick = (k: number) => words[(i * 7 + k * 5) % words.length]!;
      index.add(entry({ title: `${pick(1)} ${pick(2)} ${pick(3)} item${i}`, summary: `${pick(4)} ${pick(5)} note${i}`, url: null }, T0 + i * 1000));
    }
    expect(index.size).toBe(3_001);
    expect(lookup(index, transferEs, T0 + 3_000_000)?.storyId).toBe(first.storyId);
  });
});

describe('StoryIndex: a story as a whole', () => {
  // Two reports of one expulsion, in English and Spanish, then a short report that shares with
  // each of them only what they share with each other (the alias and the city): too little for
  // either alone, enough for the story they make together.
  const jardineroEn: Item = {
    title: 'Mexico hands cartel figure El Jardinero to U.S. prosecutors',
    summary:
      'Audias Flores Silva, alias El Jardinero, a regional boss of the Jalisco cartel, was flown from Mexico City to Houston on Thursday to face methamphetamine trafficking charges, the security cabinet said.',
    url: null,
  };
  const jardineroEs: Item = {
    title: 'Entregan a El Jardinero a Estados Unidos',
    summary:
      'Audias Flores Silva, El Jardinero, operador del Cártel Jalisco Nueva Generación, fue enviado a Houston, Texas, donde enfrenta cargos por tráfico de metanfetamina, informó el Gabinete de Seguridad.',
    url: null,
  };
  const held: Item = { title: 'El Jardinero held in Houston', summary: '', url: null };

  function story(): { index: StoryIndex; storyId: number } {
    const index = new StoryIndex();
    const seed = file(index, jardineroEn, T0);
    expect(file(index, jardineroEs, T0 + 40 * 60_000).storyId).toBe(seed.storyId);
    return { index, storyId: seed.storyId };
  }

  it('takes a report that matches the story but none of its items alone', () => {
    for (const alone of [jardineroEn, jardineroEs]) {
      const index = new StoryIndex();
      file(index, alone, T0);
      expect(lookup(index, held, T0 + 3 * H)).toBeNull();
    }
    const { index, storyId } = story();
    expect(lookup(index, held, T0 + 3 * H)).toMatchObject({ storyId, reason: 'text' });
  });

  it('stays open while reports keep coming, and closes as the story ages without them', () => {
    const { index, storyId } = story();
    expect(lookup(index, held, T0 + 20 * H)).toBeNull();
    file(index, { ...jardineroEs, title: 'Confirman entrega de El Jardinero a Estados Unidos' }, T0 + 18 * H);
    expect(lookup(index, held, T0 + 20 * H)).toMatchObject({ storyId });
  });
});
