/**
 * A compact EN↔ES newsroom lexicon so one event reads alike in both languages. Each line is one
 * concept: its first word is the shared term, the rest are accent-folded words that mean it.
 * Words that already share their first six letters across languages (extradite/extradita,
 * fentanyl/fentanilo, cartel/carteles, president/presidente) need no entry: terms are cut to six
 * letters after this lookup. Phrases are folded before tokenizing.
 */
const CONCEPTS = `
cartel cartels carteles
usa eeuu estadounidense estadounidenses american americans washington
mexico mexican mexicans mexicano mexicana mexicanos mexicanas
canada canadian canadians canadiense canadienses
china chinese chino china chinos
security seguridad
group grupo grupos groups
meeting meet meets met reunion reuniones reune reunen reunio reunieron
agree agrees agreed agreement agreements acuerdo acuerdos acuerdan acordaron acuerda pact pacto deal deals
tariff tariffs arancel aranceles
tax taxes impuesto impuestos
border borders frontera fronteras fronterizo fronteriza
attack attacks attacked ataque ataques atacan atacaron ataco
kill kills killed killing dead deaths death died dies muertos muerto muertas muerte muertes asesinados asesinado asesinato asesinatos asesinan mueren murieron matan mataron fallecidos
arrest arrests arrested detain detained detention detenido detenidos detenida detienen detuvieron detencion detenciones captura capturan capturado capturados capturo capture captures captured aprehendido aprehendidos
strike strikes huelga huelgas paro paros
airstrike airstrikes bombardeo bombardeos
soldier soldiers troops soldado soldados tropas
army ejercito
navy marina semar
drug drugs droga drogas narcotics narcoticos
trafficker traffickers trafficking narco narcos narcotraficante narcotraficantes narcotrafico
leader leaders lider lideres jefe jefes cabecilla cabecillas capo capos kingpin
governor governors gobernador gobernadora gobernadores
minister ministers ministro ministra secretario secretaria
foreign exterior exteriores relaciones
court courts tribunal tribunales corte juzgado
judge judges juez jueza jueces
trial juicio
sentence sentenced sentencia sentenciado condena condenado condenan
charge charges charged cargos acusado acusados acusa acusan acusacion
plead pleads pleaded guilty culpable
prison jail carcel prision
election elections eleccion elecciones electoral
vote votes voting voto votos votacion
law laws ley leyes
reform reforma reformas
congress congreso
senate senado
deputies deputy diputados diputado camara
water agua
rain rains lluvia lluvias
flood floods flooding inundacion inundaciones
storm storms tormenta tormentas
hurricane huracan
earthquake sismo sismos terremoto temblor
fire fires incendio incendios
oil petroleo
gas gasolina
price prices precio precios
rate rates tasa tasas
bank banco
inflation inflacion
economy economia economic economica
peso pesos
dollar dollars dolar dolares
million millions millon millones mdd
billion billions
percent ciento porcentaje
people personas
police policia policias
missing desaparecidos desaparecido desaparecida desaparecidas disappeared
victims victim victimas victima
body bodies cuerpo cuerpos restos
massgrave fosa fosas clandestina clandestinas
shooting shootout balacera balaceras tiroteo enfrentamiento
bomb bombs bomba explosivo explosivos
drone drones dron
weapon weapons arma armas guns gun
seize seizes seized seizure decomiso decomisan aseguran aseguramiento incautan incautacion incautados
ton tons tonelada toneladas
kilo kilos kilogram kilograms kilogramos
terrorist terrorists terrorism terrorista terroristas terrorismo
designate designates designated designation designa designacion
sanction sanctions sanctioned sancion sanciones sanciona sancionados
visit visits visited visita visitas visito
trip viaje
call calls called llamada llamadas
phone telefono telefonica
talks conversation conversations conversacion conversaciones dialogue dialogo negociaciones negotiations
announce announces announced anuncia anuncian anuncio
reject rejects rejected rechaza rechazan rechazo
warn warns warned advierte advierten
threat threatens threatened amenaza amenazas amenazan
deport deports deported deportation deporta deportan deportados deportacion deportaciones
migrant migrants migrante migrantes migration migracion inmigrantes immigrants
send sends sent envia envian envio enviados
transfer transfers transferred traslado traslada trasladan trasladados handed
surrender surrenders surrendered entregan entrega entrego entregaron entregaron rindio
city ciudad
capital capitales
town municipio pueblo
school schools escuela escuelas
student students estudiante estudiantes alumnos
teacher teachers maestro maestros docentes
worker workers trabajador trabajadores
union unions sindicato sindicatos
company companies empresa empresas
plant planta
car cars auto autos automoviles vehicles
train trains tren trenes
plane planes avion aviones aircraft
flight flights vuelo vuelos
airport aeropuerto
world mundial mundo
cup copa
health salud
hospital hospitales
vaccine vacuna vacunas
son sons hijo hijos
wife esposa
daughter hija
brother hermano
father padre
release released releases freed liberada liberado liberan libera liberacion
letter carta
respond responds responded response reply replies responde responden respondio respuesta
retaliate retaliates retaliation retaliatory represalia represalias
sign signs signed firma firmar firmara firmare firmo
first primer primera primeras primeros
import imports importaciones importacion
export exports exportaciones exportacion
product products productos
impose imposes imposed imponer impone impondra impuso
promise promises promised promete prometio promesa
stop detener frenar
inauguration posesion
january enero
february febrero
march marzo
april abril
june junio
july julio
august agosto
september septiembre
october octubre
november noviembre
december diciembre
`;

/** Multi-word names and phrases folded into one term before tokenizing (applied to folded text). */
export const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bciudad de mexico\b|\bmexico city\b|\bcdmx\b/g, ' cdmx '],
  [/\bestados unidos\b|\bunited states\b/g, ' usa '],
  [/\bcasa blanca\b|\bwhite house\b/g, ' whitehouse '],
  [/\bmundial\b|\bworld cup\b|\bcopa del mundo\b/g, ' worldcup '],
  [/\bpor ciento\b|\bper cent\b|%/g, ' percent '],
  [/\bdepartamento de estado\b|\bstate department\b/g, ' statedept '],
  [/\bmass graves?\b/g, ' massgrave '],
  [/\bsuprema corte\b|\bsupreme court\b/g, ' supremecourt '],
  [/\bfiscalia general\b|\battorney general\b|\bfgr\b/g, ' prosecutor '],
  [/\bguardia nacional\b|\bnational guard\b/g, ' guardianacional '],
  [/\bpresident[\s-]elect\b|\bpresidente electo\b/g, ' presidentelect '],
  [/\bdepartamento de justicia\b|\bjustice department\b|\bdepartment of justice\b/g, ' justicedept '],
];

/**
 * Names written several ways (an alias, a full name, a place of two words), folded into one term
 * like the phrases above. Unlike those, each is one person or place, as specific as any name:
 * evidence of an event, not the beat's common vocabulary.
 */
export const NAME_ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/\bel mayo\b|\bmayo zambada\b|\bismael zambada\b/g, ' zambada '],
  [/\bel raton\b|\bthe mouse\b/g, ' ovidio '],
  [/\bamlo\b|\blopez obrador\b/g, ' amlo '],
  [/\bel chapo\b|\bguzman loera\b/g, ' chapo '],
  [/\bel mencho\b|\boseguera cervantes\b/g, ' mencho '],
  [/\bnew york\b|\bnueva york\b/g, ' newyork '],
  [/\bnuevo leon\b/g, ' nuevoleon '],
  [/\bbaja california\b/g, ' bajacalifornia '],
  [/\bsan luis potosi\b/g, ' sanluispotosi '],
];

/** The terms {@link NAME_ALIASES} fold to. */
export const ALIAS_TERMS: ReadonlySet<string> = new Set(NAME_ALIASES.map(([, to]) => to.trim()));

/** Word → shared concept term. */
export const CONCEPT_OF: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const line of CONCEPTS.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const head = words[0];
    if (!head) continue;
    for (const w of words) if (!m.has(w)) m.set(w, head);
  }
  return m;
})();

/**
 * The shared terms of the lexicon: concepts and folded phrases, not the names of
 * {@link NAME_ALIASES}. They are the beat's common vocabulary (countries, "cartel", "arrest"), so
 * two items must share something beyond them.
 */
export const LEXICON_TERMS: ReadonlySet<string> = new Set([...CONCEPT_OF.values(), ...PHRASES.map(([, to]) => to.trim())]);
