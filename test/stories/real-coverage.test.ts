/**
 * Story rules on real-shaped coverage: items as outlets publish them (often a lede without a
 * headline) and the English and Spanish reports of one event over its news day. Between languages
 * only the terms that carry across are scored, and two reports whose headlines name different
 * specific places or people are two events.
 */
import { describe, expect, it } from 'vitest';
import { computeSignature, fingerprintItem, StoryIndex } from '../../src/stories/index.ts';
import { isLexiconTerm } from '../../src/stories/signature.ts';
import { numbersConflict } from '../../src/stories/similarity.ts';
import { detectLanguage } from '../../src/stories/language.ts';
import { contentTerms } from '../../src/stories/terms.ts';

const H = 3_600_000;
const T0 = Date.UTC(2024, 10, 26, 0, 40);

interface Item {
  title: string;
  summary: string;
  url: string;
}

const threatEn: Item = {
  title: 'Trump says will sign 25% tariff on Mexico, Canada on first day',
  summary:
    'Donald Trump vowed Monday to impose a 25 percent tariff on all imports from Mexico and Canada as one of his first actions upon becoming U.S. president in January.',
  url: 'https://www.lbcgroup.tv/news/world-news/819234/trump-says-will-sign-25-tariff-on-mexico-canada-on-first-day/en',
};
const threatEsLede: Item = {
  title: '',
  summary:
    'El presidente electo de Estados Unidos, Donald Trump, adelantó que a partir del 20 de enero, cuando asuma oficialmente el cargo, implementará un arancel del 25% sobre productos provenientes de México y Canadá.',
  url: 'https://nadietepregunto.com.mx/trump-anuncia-25-de-aranceles-para-mexico-y-canada-por-crisis-migratoria',
};
const threatEnLede: Item = {
  title: '',
  summary:
    'WASHINGTON: US President-elect Donald Trump has said that he will impose a 25 per cent tariff on every product coming from Canada and Mexico as one of his first actions after assuming office on January 20.',
  url: 'https://www.dtnext.in/news/world/trump-announces-25-tariff-on-imports-from-canada-and-mexico-812589',
};

let nextId = 1;
function file(index: StoryIndex, item: Item, publishedAt: number): number {
  const fp = fingerprintItem(item);
  const m = index.match({ publishedAt, ...fp });
  const id = nextId++;
  index.add({ itemId: id, storyId: m?.storyId ?? id, publishedAt, ...fp });
  return m?.storyId ?? id;
}

describe('lexicon and terms', () => {
  const terms = (s: string): string[] => [...new Set(contentTerms(s).map((t) => t.text))].sort();

  it('reads "25%", "25 per cent" and "25 por ciento" alike, and months in both languages', () => {
    expect(terms('un arancel del 25 por ciento el 20 de enero')).toEqual(terms('a 25% tariff on January 20'));
    expect(terms('a 25 per cent tariff')).toEqual(terms('a 25% tariff'));
  });

  it('folds the aliases of a person into one term, and "se entregan" is a surrender, not a transfer', () => {
    expect(terms("Ismael 'El Mayo' Zambada")).toEqual(['ismael', 'zambad']);
    expect(terms('El Mayo')).toEqual(terms('Zambada'));
    // Whatever quotation marks an outlet puts around the alias.
    for (const quoted of ['Ismael “Mayo” Zambada', 'Ismael «El Mayo» Zambada', 'Ismael ‘El Mayo’ Zambada', 'Ismael "El Mayo" Zambada']) expect(terms(quoted)).toEqual(['ismael', 'zambad']);
    expect(terms('Mexico’s president')).toEqual(terms("Mexico's president"));
    expect(terms('Se entregan')).not.toEqual(terms('transferred'));
  });

  it('counts a folded alias as a name of the headline, not as the beat\'s common vocabulary', () => {
    const [chapo] = computeSignature('El Chapo', '').title;
    const [usa] = computeSignature('Estados Unidos', '').title;
    expect(isLexiconTerm(chapo!)).toBe(false);
    expect(isLexiconTerm(usa!)).toBe(true);
    const sig = computeSignature('', 'El Departamento de Justicia confirmó la detención de Ismael «El Mayo» Zambada y de Joaquín Guzmán López, hijo de «El Chapo».');
    expect(Array.from(sig.names!)).toContain(chapo);
    expect(Array.from(sig.names!)).toContain(computeSignature('Zambada', '').title[0]);
  });
});

describe('StoryIndex on real coverage', () => {
  it('groups title-less ledes in English and Spanish with the headline report hours later', () => {
    const index = new StoryIndex();
    const story = file(index, threatEn, T0);
    expect(file(index, threatEsLede, T0 + 2.7 * H)).toBe(story);
    expect(file(index, threatEnLede, T0 + 3.8 * H)).toBe(story);
  });

  it("keeps a Spanish report of the same threat in its story six hours on, but not the next day's reply", () => {
    const index = new StoryIndex();
    const story = file(index, threatEn, T0);
    const late = { ...threatEsLede, url: 'https://sinaloahoy.com.mx/portal/trump-advierte-a-mexico-y-canada' };
    expect(file(index, late, T0 + 6 * H)).toBe(story);
    const reply: Item = {
      title: "Sheinbaum answers Trump's 25% tariff threat: one tariff would follow another",
      summary:
        'Mexican President Claudia Sheinbaum said on Tuesday she had written to Donald Trump proposing talks on migration and fentanyl, and warned that a 25 percent tariff on Mexican goods would be answered with tariffs of its own.',
      url: 'https://example.com/sheinbaum-letter-trump-tariff',
    };
    const index2 = new StoryIndex();
    const story2 = file(index2, threatEn, T0);
    expect(file(index2, reply, T0 + 26 * H)).not.toBe(story2);
  });

  it('needs more than the beat vocabulary in common: countries, "cartel" and attributions are no evidence', () => {
    const index = new StoryIndex();
    const strike = { title: 'Sheinbaum rejects any US military strike against cartels on Mexican soil', summary: 'Officials said.', url: 'https://a.example/1' };
    const extradition = { title: 'Mexico extradites 26 cartel figures to the United States', summary: 'Officials said.', url: 'https://b.example/1' };
    const first = file(index, strike, T0);
    expect(file(index, extradition, T0 + 0.5 * H)).not.toBe(first);
  });
});

const T1 = Date.UTC(2025, 2, 11, 13, 0);
const navyEn: Item = {
  title: '',
  summary:
    'Mexican marines found 1.8 tons of cocaine hidden among crates of bananas at the port of Lázaro Cárdenas, Michoacán, in one of the largest hauls at a Pacific terminal this year, as Washington presses Mexico to stem shipments bound north through its container docks.',
  url: 'https://wire.example/world/americas/mexican-navy-seizes-cocaine-lazaro-cardenas-2025-03-11/',
};
const navyEs: Item = {
  title: '',
  summary:
    'Elementos de la Semar localizaron en el recinto portuario de Lázaro Cárdenas, Michoacán, 1.8 toneladas de clorhidrato de cocaína ocultas entre cajas de plátano; la carga fue puesta a disposición del Ministerio Público Federal, que inició la carpeta de investigación correspondiente.',
  url: 'https://diario.example/nacional/marina-asegura-cocaina-lazaro-cardenas',
};
/** Other items of the day, in both languages: the window that tells which words carry across. */
const context: Item[] = [
  {
    title: 'Sheinbaum dice que Michoacán recibirá más elementos de la Guardia Nacional',
    summary: 'La presidenta Claudia Sheinbaum anunció el envío de elementos a Michoacán tras los ataques en Apatzingán.',
    url: 'https://diario.example/nacional/sheinbaum-michoacan-guardia',
  },
  {
    title: 'Cocaine seizures at US ports hit a record, officials say',
    summary: 'Customs officers seized more cocaine at sea ports in 2024 than in any year before, a report said.',
    url: 'https://wire.example/us/cocaine-seizures-record',
  },
  {
    title: 'Trump envoy meets Mexican officials over port security',
    summary: 'Talks in Mexico City covered the ports of Manzanillo and Lázaro Cárdenas and cargo inspections.',
    url: 'https://wire.example/world/americas/envoy-ports',
  },
];

describe('language of an item', () => {
  it('tells English from Spanish by function words, and says so in the signature', () => {
    expect(detectLanguage(navyEn.summary)).toBe(1);
    expect(detectLanguage(navyEs.summary)).toBe(2);
    expect(detectLanguage('Sheinbaum, Trump')).toBe(0);
    expect(computeSignature('', navyEs.summary).lang).toBe(2);
  });
});

describe('StoryIndex across languages', () => {
  it('groups an English and a Spanish lede of one seizure that share little but names and numbers', () => {
    const index = new StoryIndex();
    context.forEach((c, i) => file(index, c, T1 - (3 - i) * H));
    const story = file(index, navyEs, T1);

    expect(file(index, navyEn, T1 + 3 * H)).toBe(story);
  });

  it('keeps apart two arrests of the same morning in different states, announced by the same official', () => {
    const index = new StoryIndex();
    const tamaulipas: Item = {
      title: 'Mexico arrests Reynosa police chief over alleged Gulf Cartel payments',
      summary:
        "Mexico's security minister Omar García Harfuch said on Thursday that federal agents arrested the police chief of Reynosa, Tamaulipas, accused of taking payments from the Gulf Cartel.",
      url: 'https://wire.example/world/americas/reynosa-police-chief-arrested',
    };
    const sinaloa: Item = {
      title: 'Mexico arrests alleged Chapitos financial operator in Culiacán',
      summary:
        "Mexico's security minister Omar García Harfuch said on Thursday that federal agents arrested an alleged financial operator of the Chapitos faction in Culiacán, Sinaloa.",
      url: 'https://wire.example/world/americas/culiacan-operator-arrested',
    };
    const first = file(index, tamaulipas, T1);
    expect(file(index, sinaloa, T1 + 0.8 * H)).not.toBe(first);
  });

  it('keeps them apart across languages too, while the Spanish report of the same arrest joins', () => {
    const index = new StoryIndex();
    const tamaulipasEn: Item = {
      title: 'Mexico arrests Reynosa police chief over alleged Gulf Cartel payments',
      summary: 'Federal agents arrested the police chief of Reynosa, Tamaulipas, accused of taking payments from the Gulf Cartel, security minister Omar García Harfuch said on Thursday.',
      url: 'https://wire.example/world/americas/reynosa-police-chief',
    };
    const tamaulipasEs: Item = {
      title: 'Detienen al jefe de la policía de Reynosa por presuntos pagos del Cártel del Golfo',
      summary: 'Omar García Harfuch informó la detención del jefe de la policía municipal de Reynosa, Tamaulipas, señalado por recibir pagos del Cártel del Golfo.',
      url: 'https://diario.example/nacional/reynosa-jefe-policia-detenido',
    };
    const sinaloaEs: Item = {
      title: 'Suman más de mil detenidos en Sinaloa desde el inicio de la guerra: García Harfuch',
      summary: 'Omar García Harfuch informó que más de mil personas han sido detenidas en Sinaloa desde el inicio de la guerra entre facciones del cártel.',
      url: 'https://diario.example/nacional/mil-detenidos-sinaloa',
    };
    const story = file(index, tamaulipasEn, T1);
    expect(file(index, tamaulipasEs, T1 + 0.5 * H)).toBe(story);
    expect(file(index, sinaloaEs, T1 + 0.9 * H)).not.toBe(story);
  });
});

describe('StoryIndex: whose story it is', () => {
  const ovidioEn: Item = {
    title: 'Ovidio Guzmán pleads guilty to drug trafficking in Chicago',
    summary: "Ovidio Guzmán López, a son of Joaquín 'El Chapo' Guzmán, pleaded guilty on Friday in a federal court in Chicago to drug trafficking charges.",
    url: 'https://wire.example/world/ovidio-guzman-pleads-guilty',
  };
  const ovidioEs: Item = {
    title: 'Ovidio Guzmán se declara culpable de narcotráfico en Chicago',
    summary: "Ovidio Guzmán López, hijo de Joaquín 'El Chapo' Guzmán, se declaró culpable ante un tribunal federal en Chicago de cargos de narcotráfico.",
    url: 'https://diario.example/nacional/ovidio-guzman-culpable',
  };
  const ovidioEn2: Item = {
    title: 'Ovidio Guzmán admits drug charges in Chicago federal court',
    summary: "CHICAGO — Ovidio Guzmán López, one of the sons of Joaquín 'El Chapo' Guzmán, admitted drug trafficking charges on Friday before a federal judge.",
    url: 'https://news.example/us/ovidio-guzman-admits-charges',
  };
  const joaquin: Item = {
    title: 'Joaquín Guzmán López to plead guilty in Chicago next month, lawyer says',
    summary: "Joaquín Guzmán López, another son of Joaquín 'El Chapo' Guzmán, intends to plead guilty to drug trafficking charges in Chicago next month, his lawyer told a federal judge.",
    url: 'https://wire.example/world/joaquin-guzman-lopez-to-plead-guilty',
  };
  const ovidioLater: Item = {
    title: 'Ovidio Guzmán faces sentencing after guilty plea in Chicago',
    summary: "Ovidio Guzmán López, a son of 'El Chapo', will be sentenced after pleading guilty to drug trafficking charges in Chicago, prosecutors said.",
    url: 'https://news.example/us/ovidio-guzman-sentencing',
  };

  it("keeps a brother's plea out of a story whose headlines name another son, and lets that son's reports in", () => {
    const index = new StoryIndex();
    const story = file(index, ovidioEn, T0);
    expect(file(index, ovidioEs, T0 + 0.5 * H)).toBe(story);
    expect(file(index, ovidioEn2, T0 + 1 * H)).toBe(story);
    expect(file(index, joaquin, T0 + 4 * H)).not.toBe(story);
    expect(file(index, ovidioLater, T0 + 4.5 * H)).toBe(story);
  });
});

describe('numbers in titles', () => {
  const sig = (title: string, summary = '') => computeSignature(title, summary);

  it('are two events when neither report mentions the other\'s figure', () => {
    expect(numbersConflict(sig('Magnitude 6.2 earthquake strikes Oaxaca'), sig('Magnitude 5.4 quake hits Guerrero'))).toBe(true);
    expect(numbersConflict(sig('Mañanera de hoy 3 de septiembre'), sig('Mañanera de hoy 4 de septiembre'))).toBe(true);
  });

  it('are one figure told two ways when either report also says the other\'s number', () => {
    const sent = sig('US prosecutors to try Caro Quintero after transfer of 29 prisoners', 'Mexico sent him and 28 other prisoners to the United States.');
    const others = sig('Caro Quintero y otros 28 presos llegan a EU', 'Rafael Caro Quintero y otros 28 presos enviados por México llegaron a Estados Unidos.');
    expect(numbersConflict(sent, others)).toBe(false);
    expect(numbersConflict(others, sent)).toBe(false);
    expect(numbersConflict(sig('Mexico sends 29 cartel figures to the US'), others)).toBe(true);
  });
});

describe('what a small window and a second language must not decide', () => {
  const T2 = Date.UTC(2024, 10, 27, 23, 30);
  const callLede: Item = {
    title: '',
    summary:
      'President-elect Donald Trump said he has had a “wonderful conversation” with Mexico’s President, Claudia Sheinbaum, aimed at curbing migration and drug inflow into the United States.',
    url: 'https://www.benzinga.com/24/11/42227649/trump-praises-wonderful-conversation-with-mexican-president-sheinbaum',
  };
  const callHeadline: Item = {
    title: 'Trump claims Mexico’s new president promised to ‘stop migration’ in ‘excellent’ phone call',
    summary: 'Claudia Sheinbaum Pardo said she and Trump had an ‘excellent conversation’',
    url: 'https://the-independent.com/news/world/americas/us-politics/trump-migration-mexico-president-b2655068.html',
  };

  const callOther: Item = {
    title: 'Trump Says Mexico Agreed to Bar Migration to US Border',
    summary: 'Mexico’s president offered a different account of the conversation.',
    url: 'https://www.nytimes.com/2024/11/27/us/politics/trump-mexico-migration-sheinbaum.html',
  };

  it('groups the reports of one call in a window of a few items: what they share still weighs', () => {
    // The window holds the tariff threat, Mexico's reply and the call, a dozen items. Plain IDF over
    // so few weighs Trump, Mexico and the conversation, which the call's reports share, as common
    // words; the prior of unseen items keeps them heavy until the window shows they are common.
    const index = new StoryIndex();
    file(index, threatEn, T0);
    file(index, threatEsLede, T0 + 0.5 * H);
    file(index, threatEnLede, T0 + 3.8 * H);
    for (const [summary, at] of [
      ['Mexican President Claudia Sheinbaum said on Tuesday she would send a letter to U.S. President-elect Donald Trump urging dialogue and cooperation following his promise of 25% across-the-board tariffs on Mexico and Canada.', 16],
      ['Mexico’s President Claudia Sheinbaum fired a warning at incoming U.S. President-elect Donald Trump over his threats to impose tariffs because of the ongoing immigration and drug trafficking issue.', 18],
      ['On Tuesday, November 26, during her usual morning press conference, the president of Mexico, Claudia Sheinbaum Pardo, read a letter that she assured she would send to the president-elect of the United States, Donald J. Trump.', 22],
    ] as const) {
      file(index, { title: '', summary, url: `https://example.com/letter-${at}` }, T0 + at * H);
    }
    const story = file(index, callLede, T2);
    expect(file(index, callOther, T2 + 2.5 * H)).toBe(story);
    expect(file(index, callHeadline, T2 + 3.9 * H)).toBe(story);
  });

  const T3 = Date.UTC(2023, 10, 14, 1, 23);
  const bidenXi: [Item, number][] = [
    [
      {
        title: 'Biden, Xi to Announce Deal for China to Crack Down on Fentanyl',
        summary:
          'Joe Biden and his Chinese counterpart, Xi Jinping, are set to announce an agreement that would see Beijing crack down on the manufacture and export of fentanyl, according to people familiar with the matter, potentially delivering the US president a major victory.',
        url: 'https://www.bloomberg.com/news/articles/2023-11-14/biden-xi-to-announce-deal-for-fentanyl-crackdown-by-china',
      },
      0,
    ],
    [
      {
        title: 'Biden and Xi to Announce Landmark Agreement for China to Crack Down on Fentanyl',
        summary: 'The agreement would mark a win for the White House on an issue voters say is a priority for the 2024 election.',
        url: 'https://time.com/6334775/biden-xi-fentanyl-china-crackdown',
      },
      3.9 * H,
    ],
    [
      {
        title: 'Biden and Xi to announce deal cracking down on fentanyl export',
        summary:
          'Under deal, China will go after chemical companies to halt flow of fentanyl while US will lift restrictions on forensic police institute Joe Biden and Xi Jinping are set to announce an agreement for China to crack down on the manufacture and export of fentanyl.',
        url: 'https://www.theguardian.com/world/2023/nov/14/biden-china-fentanyl-deal',
      },
      12.5 * H,
    ],
  ];
  const amloXi: Item = {
    title: 'Mexico’s AMLO to Talk Fentanyl Crisis in First Meeting With China’s Xi',
    summary:
      'Mexican President Andres Manuel Lopez Obrador will meet his Chinese counterpart Xi Jinping this week in their first encounter as both governments try to make progress in tackling the fentanyl crisis that’s plaguing North America.',
    url: 'https://www.bloomberg.com/news/articles/2023-11-14/amlo-to-talk-fentanyl-crisis-in-first-meeting-with-china-s-xi',
  };

  it('reads a name its headline abbreviates and its lede spells out as one name: AMLO meeting Xi is not Biden meeting Xi', () => {
    // The Title Case headline's "AMLO" counts as a name because the lede's "Lopez Obrador" folds to it.
    expect(computeSignature(amloXi.title, amloXi.summary).names).toContain(computeSignature('AMLO', '').body[0]);
    const index = new StoryIndex();
    let story = 0;
    for (const [item, at] of bidenXi) story = file(index, item, T3 + at);
    expect(file(index, bidenXi[0]![0], T3 + 12.6 * H)).toBe(story);
    expect(file(index, amloXi, T3 + 16.7 * H)).not.toBe(story);
  });

  it('reads "EU" in Spanish as the United States, and in English as the European Union', () => {
    const terms = (title: string): string[] => contentTerms(title, Infinity, detectLanguage(title)).map((t) => t.text);
    expect(terms("Se entregan Ismael 'El Mayo' Zambada y un hijo de 'El Chapo' en EU")).toContain('usa');
    expect(terms('EU acusa de narcoterrorismo a líderes del Cártel de Sinaloa')).toContain('usa');
    expect(terms('EU leaders meet in Brussels on the migration pact')).not.toContain('usa');
  });

  const T4 = Date.UTC(2025, 8, 22, 9, 40);
  const launchEn: Item = {
    title: 'Apple unveils thinner iPhone 17 Air, raises Pro prices',
    summary: 'Apple on Tuesday unveiled the iPhone 17 lineup, including an ultra-thin iPhone 17 Air, and raised the starting price of its Pro models.',
    url: 'https://www.reuters.com/technology/apple-unveils-iphone-17-air-2025-09-22/',
  };
  const launchEs: Item = {
    title: 'Apple presenta el iPhone 17 Air, su iPhone más delgado',
    summary: 'Apple presentó la nueva familia iPhone 17, que incluye el iPhone 17 Air, el modelo más delgado de su historia.',
    url: 'https://expansion.mx/tecnologia/2025/09/22/apple-presenta-iphone-17-air',
  };
  const sharesEn: Item = {
    title: 'Apple shares slip as iPhone 17 event fails to impress investors',
    summary: 'Shares of Apple fell 1.5% after its product event, as investors looked for signs of artificial intelligence features to revive growth.',
    url: 'https://www.reuters.com/technology/apple-shares-slip-after-iphone-event-2025-09-22/',
  };

  it('lets the few terms that carry across languages decide only in a story’s first hours', () => {
    // The market's reply eight hours on shares with the Spanish launch report only what carries:
    // Apple, iPhone, 17. Within the first hours the same Spanish report joins the launch.
    const index = new StoryIndex();
    const story = file(index, launchEn, T4);
    expect(file(index, launchEs, T4 + 20 * 60_000)).toBe(story);
    expect(file(index, sharesEn, T4 + 8.3 * H)).not.toBe(story);
  });
});

describe('names in quotations', () => {
  it('takes no names from a quotation: a Spanish lede quoting "mis primeras Órdenes Ejecutivas" joins the report of the threat', () => {
    const quoted: Item = {
      title: '',
      summary:
        '"El 20 de enero, como una de mis primeras Órdenes Ejecutivas, firmaré todos los documentos necesarios para cobrar a México y Canadá un arancel del 25% sobre todos los productos que ingresan a los Estados Unidos", anunció. Esta medida "permanecerá vigente hasta que las drogas, en particular el fentanilo, y todos los extranjeros ilegales detengan esta invasión de nuestro país".',
      url: 'https://www.c5n.com/mundo/donald-trump-anuncio-aranceles-china-mexico-y-canada-n182111',
    };
    expect(computeSignature(quoted.title, quoted.summary).names).toHaveLength(0);
    // An alias in quotes is shorter than a quotation and stays a name.
    expect(computeSignature('', 'Ismael “Mayo” Zambada, cofundador del cártel de Sinaloa, está bajo custodia.').names!.length).toBeGreaterThan(0);
    const index = new StoryIndex();
    const story = file(index, threatEn, T0);
    expect(file(index, quoted, T0 + 1.6 * H)).toBe(story);
  });

  it('reads a hostile lede of unclosed quotes in one pass', () => {
    // Quotes that never close, between many short words: a pattern with nested repetition would
    // try every way to split them and never return.
    const hostile = `“${'a b c d e f '.repeat(20_000)}`;
    const sig = computeSignature('', `${hostile}«${'Órdenes '.repeat(5_000)}`);
    expect(sig.body.length).toBeGreaterThan(0);
  });
});
