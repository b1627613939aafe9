/**
 * English and Spanish stop words, accent-folded and lowercase. Function words, reporting verbs and
 * recurring newsroom formats ("live updates", "morning briefing", "en vivo") carry no identity of
 * an event; names and numbers are never here. Kept compact on purpose: the fingerprint needs the
 * frequent function words out, not a complete list.
 */
const EN = `a about above after again against ago all also am amid an and any are as at be because been before
being below between both but by can could did do does doing down during each even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its itself
just last latest least less like made make many may me might more most much must my near new news next no nor not
now of off on once one only or other our ours out over own per same say says said she should since so some still
such than that the their theirs them then there these they this those through to too toward under until up upon
us very via was we were what when where which while who whom whose why will with within without would year years
yet you your amid according told tells week today yesterday tomorrow day days time times monday tuesday wednesday
thursday friday saturday sunday live update updates briefing morning evening newsletter podcast watch video photos
breaking exclusive analysis opinion explainer report reports reported reporting here's what know things
official officials authorities sources source`;

const ES = `a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque cada como con contra cual cuales
cuando de del desde donde el ella ellas ello ellos en entre era eran es esa esas ese eso esos esta estaba estado
estan estar este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me mi mientras muy nada ni
no nos nosotros nuestra nuestro o otra otras otro otros para pero poco por porque que quien quienes se sea segun
ser si sido sin sobre son su sus tambien tan tanto te tiene tienen todo todos tras tu un una uno unos unas usted ya
yo dice dicen dijo afirma asegura senala informa informo hoy ayer manana semana dia dias lunes martes miercoles
jueves viernes sabado domingo vivo directo minuto ultima hora noticias nota video fotos analisis opinion asi esto
cual sera seran puede pueden hace hacen podria durante luego despues nuevo nueva nuevos nuevas ano anos
funcionario funcionarios autoridades fuente fuentes`;

/** The stop-word set (EN + ES), accent-folded. */
export const STOP_WORDS: ReadonlySet<string> = new Set(`${EN} ${ES}`.split(/\s+/).filter(Boolean));
