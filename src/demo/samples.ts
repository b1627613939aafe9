/**
 * Sample feeds bundled with Radar for `radar demo`: realistic items in English and Spanish on the
 * default beat, mixed with unrelated news and hard negatives (OPEC "cartel", baseball in Culiacán),
 * so that the demo shows what alerts and what does not. Times are minutes before the demo starts.
 */
export interface SampleItem {
  id: string;
  title: string;
  description: string;
  minutesAgo: number;
  path: string;
}

export interface SampleFeed {
  id: string;
  name: string;
  lang: 'en' | 'es';
  format: 'rss' | 'atom';
  /** Bytes on the wire: Spanish outlets still serve windows-1252. */
  encoding: 'utf-8' | 'windows-1252';
  site: string;
  items: SampleItem[];
  /** Items published one by one while `radar demo --watch` runs. */
  later: SampleItem[];
}

export const SAMPLE_FEEDS: SampleFeed[] = [
  {
    id: 'border-wire',
    name: 'Border Wire (sample)',
    lang: 'en',
    format: 'rss',
    encoding: 'utf-8',
    site: 'https://border-wire.example',
    items: [
      { id: 'bw-101', path: '/2026/11/us-strikes-cartels-mexico', minutesAgo: 12, title: 'Trump says US will start land strikes on cartels inside Mexico', description: 'The president said the US military would begin striking drug cartels on Mexican soil "very soon", drawing an immediate rejection from President Claudia Sheinbaum, who said Mexico would not accept unilateral military action.' },
      { id: 'bw-100', path: '/2026/11/fentanyl-seizure-nogales', minutesAgo: 95, title: 'Record fentanyl seizure at Nogales port of entry tied to Sinaloa Cartel', description: 'CBP officers found 1.2 million fentanyl pills hidden in a tractor-trailer; investigators linked the load to a Sinaloa Cartel faction, officials said.' },
      { id: 'bw-099', path: '/2026/11/opec-cuts', minutesAgo: 140, title: 'OPEC+ cartel agrees to extend oil output cuts into 2027', description: 'The oil producers\u2019 group said it would keep production curbs in place, lifting crude prices.' },
      { id: 'bw-098', path: '/2026/11/border-wall-budget', minutesAgo: 300, title: 'House panel debates border wall budget', description: 'Lawmakers argued over construction funding for the southern border wall.' },
    ],
    later: [
      { id: 'bw-102', path: '/2026/11/rubio-de-la-fuente-call', minutesAgo: 0, title: 'Rubio and de la Fuente discuss security cooperation after strike threat', description: 'Secretary of State Marco Rubio spoke with Mexican Foreign Minister Juan Ramón de la Fuente about intelligence sharing and operations against the Sinaloa Cartel, both governments said.' },
      { id: 'bw-103', path: '/2026/11/cowboys-win', minutesAgo: 0, title: 'Cowboys rally late to beat Eagles', description: 'Dallas scored twice in the fourth quarter.' },
    ],
  },
  {
    id: 'diario-del-norte',
    name: 'Diario del Norte (muestra)',
    lang: 'es',
    format: 'rss',
    encoding: 'windows-1252',
    site: 'https://diario-del-norte.example',
    items: [
      { id: 'dn-501', path: '/nacional/sheinbaum-rechaza-ataques', minutesAgo: 8, title: 'Sheinbaum rechaza ataques de EE.UU. contra cárteles en territorio mexicano', description: 'La presidenta afirmó que la soberanía de México no se negocia y pidió al canciller Juan Ramón de la Fuente hablar con el secretario de Estado Marco Rubio sobre la cooperación en seguridad.' },
      { id: 'dn-500', path: '/seguridad/extradicion-29-capos', minutesAgo: 70, title: 'México envía a 29 narcotraficantes a Estados Unidos, entre ellos Caro Quintero', description: 'El Gabinete de Seguridad informó del traslado de 29 integrantes de cárteles, en medio de la presión de Washington por el tráfico de fentanilo.' },
      { id: 'dn-499', path: '/deportes/tomateros-culiacan', minutesAgo: 150, title: 'Tomateros de Culiacán ganan la serie ante Naranjeros', description: 'El equipo de béisbol de Culiacán se impuso en el tercer juego de la serie.' },
      { id: 'dn-498', path: '/economia/peso-cierra', minutesAgo: 240, title: 'El peso cierra con ganancia frente al dólar', description: 'La moneda mexicana avanzó 0.4% en una jornada de bajo volumen.' },
    ],
    later: [
      { id: 'dn-502', path: '/seguridad/emboscada-cjng-michoacan', minutesAgo: 0, title: 'Emboscada del CJNG deja seis policías muertos en Michoacán', description: 'Presuntos integrantes del Cártel Jalisco Nueva Generación atacaron a agentes estatales en Aguililla, informó la Fiscalía.' },
    ],
  },
  {
    id: 'crime-monitor',
    name: 'Crime Monitor (sample)',
    lang: 'en',
    format: 'atom',
    encoding: 'utf-8',
    site: 'https://crime-monitor.example',
    items: [
      { id: 'tag:crime-monitor.example,2026:712', path: '/analysis/fto-designation-one-year', minutesAgo: 30, title: 'One year after FTO designation, what changed for Mexico\u2019s cartels', description: 'The US terrorist designation of the Sinaloa Cartel and CJNG opened the door to sanctions and material-support prosecutions, and to talk of military action.' },
      { id: 'tag:crime-monitor.example,2026:711', path: '/news/eu-cartel-fine', minutesAgo: 200, title: 'EU fines truck makers in price-fixing cartel case', description: 'The European Commission imposed fines on three manufacturers for colluding on prices, an antitrust case unrelated to drugs.' },
      { id: 'tag:crime-monitor.example,2026:710', path: '/review/narcos-mexico', minutesAgo: 400, title: 'Narcos: Mexico season finale review', description: 'The Netflix series closes its run with a tense finale.' },
    ],
    later: [],
  },
];
