/**
 * Boilerplate out of feed text, in this order: leftover tags and entities → trailing boilerplate
 * ("The post … appeared first on …", "Leer más", "Continue reading", "[…]") → leading bylines
 * ("By John Smith", "Por Redacción") → leading datelines ("MEXICO CITY (AP) —",
 * "CIUDAD DE MÉXICO.—", "Culiacán, Sin.-", "1 de diciembre de 2026 El…", "Dec. 1, 2026 —").
 * Bylines and datelines only count where they lead: "by" and "por" inside a sentence are words,
 * and a date counts as a dateline only with its year or a dash after it, before a capital.
 */

const TAG_RE = /<\/?[a-zA-Z][^>]{0,500}>|<!--[\s\S]*?-->/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–' };
const ENTITY_RE = /&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;

/** Phrases that end a teaser; everything from them on is dropped. */
const TAIL_RES: RegExp[] = [
  /\s*The post\s.{1,300}?\sappeared first on\s.{1,120}$/is,
  /\s*La entrada\s.{1,300}?\sse public[óo] primero en\s.{1,120}$/is,
  /\s*(?:\(|\[)?\s*(?:Continue reading|Keep reading|Read more|Read the full (?:story|article)|Click here to read more|Leer m[áa]s|Seguir leyendo|Sigue leyendo|Lee (?:la nota|m[áa]s)|Ver m[áa]s|Leia mais)\b[^.!?]{0,80}?(?:\)|\]|…|\.{3}|»|›|→)?\s*$/i,
  /\s*(?:\[\s*(?:…|\.\.\.|&hellip;)\s*\]|\(\s*(?:…|\.\.\.)\s*\))\s*$/,
];

/** Words that start a sentence, never a name: a byline stops before them. */
const STARTERS = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'As', 'After', 'La', 'El', 'Los', 'Las', 'Un', 'Una', 'En', 'Al', 'Tras', 'Con']);
const NAME_RE = /^[A-ZÁÉÍÓÚÑ][\p{L}'’.-]*,?$/u;
const CAPS_RE = /^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.'’-]+,?$/u;
const AGENCY_RE = /^\s*(?:The Associated Press|Associated Press|Reuters|AFP|EFE|Bloomberg)\b\s*[|,—–-]?\s*/;

/** Drops a leading byline: "By John Smith", "By MARK STEVENSON, Associated Press", "Por: Ana López |", "Redacción". */
function stripByline(s: string): string {
  const redaccion = /^\s*Redacci[óo]n\b\s*[|,—–:-]?\s*/u.exec(s);
  if (redaccion) return s.slice(redaccion[0].length);
  const lead = /^\s*(?:By|Por)\s*:?\s+/u.exec(s);
  if (!lead) return s;
  const tokens = s.slice(lead[0].length).split(' ');
  let names = 0;
  let used = 0;
  let caps: boolean | null = null;
  for (const tok of tokens) {
    if (names >= 5) break;
    if (['|', '—', '–', '-'].includes(tok)) {
      used++;
      break;
    }
    if (names > 0 && ['and', 'y', 'de', 'del', 'la'].includes(tok)) {
      used++;
      continue;
    }
    if (!NAME_RE.test(tok) || STARTERS.has(tok)) break;
    const isCaps = CAPS_RE.test(tok);
    if (caps !== null && caps !== isCaps) break; // "John Smith MEXICO CITY (AP) —": the dateline starts
    caps = isCaps;
    names++;
    used++;
    if (tok.endsWith(',')) break;
  }
  if (names === 0) return s;
  const rest = tokens.slice(used).join(' ');
  return rest.replace(AGENCY_RE, '');
}

const WIRE = '(?:AP|Reuters|AFP|EFE|Bloomberg|Notimex|Europa Press|dpa|Xinhua|ANSA|UPI)';
const DATELINE_RES: RegExp[] = [
  // "MEXICO CITY (AP) —", "Ciudad de México, 3 sep (EFE).-", "WASHINGTON (Reuters) -"
  new RegExp(`^\\s*[^.!?\\n]{2,60}?\\(${WIRE}\\)\\s*\\.?\\s*[—–-]{1,2}\\s*`, 'u'),
  // "CIUDAD DE MÉXICO.—", "CULIACAN, Mexico —", "WASHINGTON —": capitals, then a dash
  /^\s*[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'’]{2,40}(?:,\s*[\p{L}.]+(?:\s[\p{L}.]+)?)?\s*\.?\s*[—–]\s*/u,
  /^\s*[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'’]{2,40}\.\s*-\s*/u,
  // "Culiacán, Sin.-", "Monterrey, N.L.—": a place, a short state abbreviation, ".-"
  /^\s*[A-ZÁÉÍÓÚÑ][\p{L} ]{2,30},\s*[\p{L}. ]{1,12}\.\s*[—–-]\s*/u,
];

/** A word with its first letter in either case ("diciembre", "Diciembre"). */
const eitherCase = (words: string[]): string => words.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|');
const ES_DATE = `(?:(?:${eitherCase(['lunes', 'martes', 'mi[ée]rcoles', 'jueves', 'viernes', 's[áa]bado', 'domingo'])}),?\\s+)?\\d{1,2}\\s+de\\s+(?:${eitherCase(['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre'])})`;
const ES_YEAR = '\\s+del?\\s+\\d{4}';
const EN_DATE = '(?:(?:Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?';
const EN_YEAR = ',?\\s+\\d{4}';
const TIME = '(?:,?\\s+(?:a\\s+las\\s+)?\\d{1,2}:\\d\\d(?:\\s*(?:[ap]\\.?\\s?m\\.?|hrs|hs|h|horas)\\.?)?(?:\\s+[A-Z]{2,4})?)?';
const SEPARATOR = `(?:\\s*\\(${WIRE}\\))?\\s*(?:\\.?\\s*[—–-]{1,2}|[.,:;|])\\s*`;
/** A leading date (with a place before it, optionally): needs its year or a separator, then a capital. */
const DATE_LEAD = new RegExp(
  `^\\s*(?:\\p{Lu}[\\p{L}.'’ ]{1,40}?(?:,\\s*[\\p{L}.]{1,15})?,\\s*)?` +
    `(?:${ES_DATE}(?:${ES_YEAR}${TIME}(?:${SEPARATOR})?|${TIME}${SEPARATOR})|${EN_DATE}(?:${EN_YEAR}${TIME}(?:${SEPARATOR})?|${TIME}${SEPARATOR}))` +
    '\\s*(?=["“«¿¡]?\\p{Lu})',
  'u',
);

/** `s` without one leading dateline (a date, a place, or a place and a date), or `s` itself. */
function stripDateline(s: string): string {
  for (const re of [DATE_LEAD, ...DATELINE_RES]) {
    const next = s.replace(re, '');
    if (next !== s) return next;
  }
  return s;
}

function decodeEntities(s: string): string {
  return s.replace(ENTITY_RE, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Plain text with leftover tags and entities gone and whitespace folded. */
export function plainText(text: string): string {
  return decodeEntities(text.replace(TAG_RE, ' ')).replace(/\s+/g, ' ').trim();
}

/** `text` without feed boilerplate: see the module header for what and in which order. */
export function stripBoilerplate(text: string): string {
  let s = plainText(text);
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of TAIL_RES) {
      const next = s.replace(re, '').trimEnd();
      if (next !== s) {
        s = next;
        changed = true;
      }
    }
  }
  s = stripByline(s);
  // A place and a date may come as two datelines ("1 de diciembre de 2026. CULIACÁN, Sin.- …").
  s = stripDateline(stripDateline(s));
  return s.trim();
}
