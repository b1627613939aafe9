import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledeEnd } from '../../src/score/match-terms.ts';
import { loadTopic, matchedTermsSummary, scoreItem, type ScoreInput } from '../../src/score/index.ts';

const topic = loadTopic(resolve(import.meta.dirname, '../../config/topics/cartel-sovereignty.yaml'));
const score = (item: ScoreInput) => scoreItem(item, topic).score;

describe('core items (label 2) alert, in English and Spanish', () => {
  it.each<ScoreInput>([
    { title: 'White House weighs drone strikes on cartel leaders in Mexico', summary: 'Officials say the options include special forces raids, which Mexico has said it would reject as a violation of its sovereignty.' },
    { title: 'Mexico transfers 37 alleged cartel members to the US', summary: '' },
    { title: '', summary: 'The United States designated two more Mexican criminal groups as foreign terrorist organizations on Wednesday, citing their role in fentanyl trafficking.' },
    { title: 'Sheinbaum rechaza que tropas de EE.UU. entren a México a combatir al narco', summary: 'La presidenta afirmó que la cooperación en seguridad con Washington se da con respeto a la soberanía.' },
    { title: '', summary: 'La FGR informó que 26 integrantes del Cártel de Sinaloa y del CJNG fueron enviados a Estados Unidos a petición del Departamento de Justicia.' },
    { title: 'Trump condiciona aranceles a que México frene el fentanilo', summary: '' },
  ])('alerts on %j', (item) => {
    const result = scoreItem(item, topic);
    expect(result.alert).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(0.5);
  });
});

describe('related items (label 1) alert', () => {
  it.each<ScoreInput>([
    { title: 'Gunmen linked to the Jalisco cartel ambush police in Michoacán, killing six', summary: '' },
    { title: 'Hallan fosa clandestina con 15 cuerpos en Sinaloa', summary: 'Colectivos señalaron que la zona es disputada por facciones del Cártel de Sinaloa.' },
    { title: 'US strike on suspected drug boat in the Caribbean kills three', summary: 'Hegseth said the vessel was run by narco-terrorists.' },
  ])('alerts on %j', (item) => {
    expect(scoreItem(item, topic).alert).toBe(true);
  });
});

describe('beat vocabulary beyond the word "cartel" (security forces, places, violence, officials)', () => {
  it.each<ScoreInput>([
    { title: 'Troops destroy a fentanyl lab hidden in the Durango sierra', summary: '' },
    { title: '', summary: 'Integrantes de un colectivo de madres buscadoras localizaron restos humanos en fosas clandestinas a las afueras de Hermosillo, Sonora, informó la Fiscalía estatal.' },
    { title: '', summary: 'El Gabinete de Seguridad informó que soldados y marinos desmantelaron un narcolaboratorio y detuvieron a cuatro integrantes de una célula delictiva en Badiraguato.' },
    { title: '', summary: 'Police in Guanajuato found seven decapitated bodies dumped beside a highway, along with a message signed by a criminal organization.' },
    { title: 'Choques entre La Chapiza y La Mayiza dejan 9 muertos en Culiacán', summary: '' },
  ])('alerts on %j', (item) => {
    expect(scoreItem(item, topic).alert).toBe(true);
  });

  it('knows the Mexican foreign minister as a Mexican official beside the US Secretary of State', () => {
    const result = scoreItem({ title: 'Foreign Minister de la Fuente and Rubio discuss security cooperation', summary: '' }, topic, { explain: true });
    expect(result.alert).toBe(true);
    expect(result.explanation?.facets.find((f) => f.facet === 'mexico')?.terms.map((t) => t.term)).toContain('Foreign Minister de la Fuente');
  });

  it('knows the words of a US trial of a cartel figure', () => {
    const result = scoreItem({ title: 'Jury convicts cartel lieutenant; cooperating witness described bribes', summary: '' }, topic, { explain: true });
    expect(result.alert).toBe(true);
    expect(result.explanation?.facets.find((f) => f.facet === 'legal')?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['jury', 'convicted', 'cooperating witness']));
  });

  it('does not alert on soldiers, deaths or arrests far from the beat', () => {
    for (const item of [
      { title: 'Israeli soldiers killed in Gaza ambush', summary: '' },
      { title: '', summary: 'Las lluvias dejaron tres muertos y cientos de damnificados en Veracruz y Tabasco, informó Protección Civil.' },
      { title: 'Police arrest suspect in Durango, Colorado shooting', summary: '' },
    ]) expect(scoreItem(item, topic).alert).toBe(false);
  });
});

describe('hard negatives do not alert', () => {
  it.each<[string, ScoreInput]>([
    ['OPEC+ cartel', { title: 'OPEC+ cartel agrees deeper output cuts', summary: 'Saudi Arabia and Russia will remove another million barrels per day from the oil market.' }],
    ['OPEP (es)', { title: '', summary: 'El cártel de la OPEP+ mantendrá sus recortes de producción de crudo hasta junio.' }],
    ['EU price-fixing cartel', { title: 'Brussels fines chemical makers €400m over price-fixing cartel', summary: 'The European Commission said the five companies colluded for a decade.' }],
    ['real-estate "cártel" (es)', { title: 'Vinculan a proceso a exfuncionario por el cártel inmobiliario', summary: 'La Fiscalía capitalina acusa al exdirector de obras de la alcaldía Benito Juárez de autorizar pisos ilegales en la Ciudad de México.' }],
    ['CNMC cartel (es)', { title: 'La CNMC multa a cinco constructoras por un cártel en licitaciones', summary: '' }],
    ['antitrust', { title: 'Antitrust regulators probe alleged egg cartel', summary: 'The Justice Department is examining whether producers coordinated prices.' }],
    ['Culiacán baseball', { title: 'Tomateros de Culiacán vencen a Charros y toman ventaja en la serie final', summary: 'El equipo de Sinaloa ganó 5-2 en el Estadio Tomateros.' }],
    ['Sinaloa baseball (en)', { title: 'Culiacán Tomateros win Mexican Pacific League baseball crown', summary: '' }],
    ['Narcos review', { title: '"Narcos: México" temporada 3: reseña de la serie de Netflix', summary: 'La serie cierra con el ascenso de los cárteles de Tijuana y Juárez.' }],
    ['narco series (en)', { title: 'Review: the new drug-lord series on Netflix is all style', summary: 'The show about a cartel boss never finds its footing in its first season.' }],
    ['peso', { title: 'El peso mexicano se deprecia ante el dólar', summary: 'La moneda mexicana cerró en 19.20 por dólar ante la fortaleza de la divisa estadounidense.' }],
    ['steel tariffs', { title: 'Trump raises tariffs on Mexican steel to 50%', summary: 'Mexico said it would seek talks with Washington to protect its exporters.' }],
    ['car tariffs (es)', { title: 'Aranceles de EU a los autos golpean a armadoras en México', summary: '' }],
    ['immigration', { title: 'Trump administration expands deportation flights to Mexico', summary: 'Immigration officials said migrants would be returned through Tijuana.' }],
    ['Rubio, other topic', { title: 'Rubio meets European ministers on Ukraine ceasefire', summary: '' }],
    ['Trump, other topic (es)', { title: 'Trump anuncia aranceles a Canadá y la Unión Europea', summary: 'El presidente estadounidense dijo que los gravámenes entrarán en vigor en agosto.' }],
    ['medicine "drug"', { title: 'Trump signs order to cut US prescription drug prices', summary: 'Pharmaceutical companies say the policy will hurt research.' }],
    ['festival "cartel"', { title: 'Vive Latino presenta su cartel 2026', summary: 'El festival contará con 70 bandas.' }],
  ])('%s', (_family, item) => {
    const result = scoreItem(item, topic);
    expect(result.alert).toBe(false);
    expect(result.score).toBeLessThan(0.5);
  });

  it('reports the negative context that cancelled a term', () => {
    const result = scoreItem({ title: 'OPEC+ cartel agrees deeper output cuts', summary: 'Oil prices rose.' }, topic, { explain: true });
    expect(result.explanation?.negatives).toEqual([{ rule: 'oil cartel', term: 'OPEC', cancelled: ['cartel'] }]);
    expect(result.explanation?.facets.some((f) => f.facet === 'organizations')).toBe(false);
  });

  it('cancels "narcos" near "serie" but keeps a cartel story that mentions "una serie de ataques"', () => {
    const cartelStory = { title: '', summary: 'Una serie de ataques del Cártel Jalisco Nueva Generación dejó cinco soldados muertos en Michoacán.' };
    expect(scoreItem(cartelStory, topic).alert).toBe(true);
  });
});

describe('title and summary', () => {
  it('weights the title over the summary', () => {
    const inTitle = score({ title: 'Cartel violence in Sinaloa', summary: 'Residents stay home.' });
    const inSummary = score({ title: 'Residents stay home', summary: 'Cartel violence in Sinaloa.' });
    expect(inTitle).toBeGreaterThan(inSummary);
  });

  it('scores items with only a title or only a summary, and empty items low', () => {
    expect(scoreItem({ title: 'Mexico extradites Sinaloa Cartel leader to the United States', summary: '' }, topic).alert).toBe(true);
    expect(scoreItem({ title: '', summary: 'Mexico extradited a Sinaloa Cartel leader to the United States on Friday.' }, topic).alert).toBe(true);
    const empty = scoreItem({ title: '', summary: '' }, topic);
    expect(empty.alert).toBe(false);
    expect(empty.score).toBeGreaterThan(0);
    expect(empty.score).toBeLessThan(0.1);
  });

  it('reads the first sentence of a lede without a headline as its headline', () => {
    const lede = 'Soldados del Ejército localizaron tres fosas clandestinas en un predio de Navolato, Sinaloa, tras la denuncia de un colectivo.';
    const rest = 'La Fiscalía estatal abrió una carpeta de investigación.';
    const ledeOnly = scoreItem({ title: '', summary: `${lede} ${rest}` }, topic, { explain: true });
    expect(ledeOnly.alert).toBe(true);
    expect(ledeOnly.score).toBeCloseTo(score({ title: lede, summary: rest }), 10);
    const places = ledeOnly.explanation?.facets.find((f) => f.facet === 'places')?.terms;
    expect(places).toContainEqual({ term: 'Navolato', where: 'lede', weight: 1.2 });
    expect(ledeOnly.explanation?.facets.find((f) => f.facet === 'mexico')?.terms).toContainEqual({ term: 'Fiscalía', where: 'summary', weight: 0.4 });
  });

  it('does not end a lede\'s first sentence at a dateline or an abbreviation', () => {
    const dateline = 'Culiacán, Sin.- Un enfrentamiento entre civiles armados dejó cinco muertos. La Fiscalía investiga.';
    expect(dateline.slice(0, ledeEnd(dateline))).toBe('Culiacán, Sin.- Un enfrentamiento entre civiles armados dejó cinco muertos.');
    const oneSentence = 'Un juez de EE. UU. fijó la fecha del juicio contra el capo del Cártel de Sinaloa.';
    expect(ledeEnd(oneSentence)).toBe(oneSentence.length);
  });

  it('counts co-occurring facets more than repeated hits in one facet', () => {
    const oneFacet = score({ title: 'Cartel, cartels, narco, CJNG, Chapitos', summary: '' });
    const twoFacets = score({ title: 'Cartel leaders extradited to US', summary: '' });
    expect(twoFacets).toBeGreaterThan(oneFacet);
  });

  it('uses the feed language when given and detects it otherwise', () => {
    const item = { title: 'Extraditan a EU a operador del Cártel del Golfo', summary: '' };
    expect(scoreItem(item, topic, { explain: true }).explanation?.lang).toBe('es');
    expect(scoreItem({ ...item, lang: 'en' }, topic, { explain: true }).explanation?.lang).toBe('en');
  });

  it('does not match the pronoun "us" as the United States', () => {
    const result = scoreItem({ title: 'Cartel violence: tell us your story', summary: '' }, topic, { explain: true });
    expect(result.explanation?.facets.find((f) => f.facet === 'us')).toBeUndefined();
  });
});

describe('explanation', () => {
  const item = { title: 'Rubio warns Mexico as US designates Sinaloa Cartel a terrorist group', summary: 'Mexico says it will not accept extraditions under pressure.' };

  it('is built only when asked', () => {
    expect(scoreItem(item, topic).explanation).toBeUndefined();
  });

  it('lists matched terms per facet with place and weight, and contributions that add up', () => {
    const { explanation, score: s } = scoreItem(item, topic, { explain: true });
    if (!explanation) throw new Error('no explanation');
    const facets = Object.fromEntries(explanation.facets.map((f) => [f.facet, f]));
    const sinaloa = facets.organizations?.terms.find((t) => t.term === 'Sinaloa Cartel');
    expect(sinaloa?.where).toBe('title');
    expect(sinaloa?.weight).toBeCloseTo(1.6 * topic.titleWeight, 3);
    expect(facets.us?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['Rubio', 'US']));
    expect(facets.legal?.terms).toContainEqual(expect.objectContaining({ term: 'extradit*', matched: 'extraditions', where: 'summary' }));
    const total = explanation.bias + explanation.facets.reduce((sum, f) => sum + f.contribution, 0);
    expect(total).toBeCloseTo(explanation.logit, 1);
    expect(1 / (1 + Math.exp(-explanation.logit))).toBeCloseTo(s, 2);
    expect(explanation.pairs.length).toBeGreaterThan(0);
    expect(explanation.core).toBeLessThanOrEqual(s);
  });

  it('summarizes matched terms briefly, breadth first', () => {
    const { explanation } = scoreItem(item, topic, { explain: true });
    const terms = matchedTermsSummary(explanation!, 3);
    expect(terms).toHaveLength(3);
    expect(new Set(terms).size).toBe(3);
    expect(terms).toContain('Sinaloa Cartel');
    expect(matchedTermsSummary(explanation!)).toHaveLength(5);
  });

  it('names the most specific matched term once: no words of a longer matched term again', () => {
    const matched = (input: ScoreInput) => matchedTermsSummary(scoreItem(input, topic, { explain: true }).explanation!, 6);
    const english = matched({ title: 'Sinaloa Cartel leader extradited to US over fentanyl', summary: 'The cartel operates across Sinaloa.', lang: 'en' });
    expect(english).toContain('Sinaloa Cartel');
    expect(english).not.toContain('Sinaloa');
    expect(english).not.toContain('cartel');
    const spanish = matched({ title: 'Detienen a operador del Cártel de Sinaloa en Culiacán', summary: 'El cártel opera en Sinaloa.', lang: 'es' });
    expect(spanish).toContain('Cártel de Sinaloa');
    expect(spanish).not.toContain('Sinaloa');
    expect(spanish.map((t) => t.toLowerCase())).not.toContain('cártel');
  });

  it('names matched terms as the item spells them, in its language', () => {
    const matched = (input: ScoreInput) => matchedTermsSummary(scoreItem(input, topic, { explain: true }).explanation!, 6);
    const spanish = matched({ title: 'EE.UU. amenaza con ataques contra cárteles; Sheinbaum defiende la soberanía', summary: 'La Casa Blanca designa terroristas a los cárteles.', lang: 'es' });
    expect(spanish).toContain('cártel');
    expect(spanish).not.toContain('cartel');
    const english = matched({ title: 'US threatens strikes on cartels; Sheinbaum defends sovereignty', summary: '', lang: 'en' });
    expect(english).toContain('cartel');
  });
});

describe('ranking', () => {
  it('ranks a US–Mexico cartel story above cartel violence without the US angle', () => {
    const core = scoreItem({ title: 'US and Mexico agree to target Sinaloa Cartel finances', summary: '' }, topic, { explain: true });
    const related = scoreItem({ title: 'Sinaloa Cartel gunmen kill four in Culiacán', summary: '' }, topic, { explain: true });
    expect(core.score).toBeGreaterThan(related.score);
    expect(core.explanation!.core).toBeGreaterThan(related.explanation!.core);
  });
});
