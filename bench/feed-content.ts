/**
 * Deterministic, realistic-looking feed content for benchmarks: headlines and leads built from the
 * beat's vocabulary (EN and ES) mixed with unrelated news, with HTML in descriptions as real feeds have.
 */
const SUBJECTS = ['Sheinbaum', 'Rubio', 'the Sinaloa Cartel', 'CJNG', 'the DEA', 'Mexico\u2019s Security Cabinet', 'El Mayo Zambada', 'Harfuch', 'the Pentagon', 'Culiac\u00e1n police', 'the city council', 'a local school board', 'OPEC+', 'the central bank', 'Tomateros de Culiac\u00e1n'];
const VERBS = ['rejects', 'announces', 'denies', 'confirms', 'warns about', 'investigates', 'celebrates', 'debates', 'postpones', 'backs'];
const OBJECTS = ['US strikes on cartels', 'fentanyl tariffs', 'extradition of 29 capos', 'a new security agreement', 'troops at the border', 'oil output cuts', 'a budget vote', 'the baseball final', 'interest rates', 'homicide figures in Sinaloa', 'la soberan\u00eda nacional', 'el traslado de narcotraficantes'];

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

export function benchFeedXml(feed: number, items: number): string {
  const entries: string[] = [];
  for (let i = 0; i < items; i++) {
    const k = feed * 7919 + i * 104729;
    const title = `${pick(SUBJECTS, k)} ${pick(VERBS, k >> 3)} ${pick(OBJECTS, k >> 6)} (${feed}-${i})`;
    const lead = `<p>${pick(SUBJECTS, k >> 2)} said on ${pick(['Monday', 'Tuesday', 'Wednesday'], i)} that ${pick(OBJECTS, k >> 4)} would be discussed with ${pick(SUBJECTS, k >> 5)}.</p><p>Officials gave no further details. <a href="https://example.com/">Read more</a></p>`;
    const date = new Date(Date.UTC(2026, 10, 24, 12, 0, 0) - (feed * 50 + i) * 60_000).toUTCString();
    entries.push(`<item><title>${title.replace(/&/g, '&amp;')}</title><link>https://outlet-${feed}.example/news/${i}</link><guid>outlet-${feed}-${i}</guid><pubDate>${date}</pubDate><description><![CDATA[${lead}]]></description><category>News</category></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet ${feed}</title><link>https://outlet-${feed}.example/</link><language>en</language>${entries.join('')}</channel></rss>`;
}
