/**
 * Many distinct relevant items at once, as a feed carries them after a CMS migration or from a
 * hostile source: ten kinds of security news in thirty Mexican cities (Spanish), for flood tests.
 */
import type { FeedEntrySpec } from './feed-server.ts';

const PLACES = ['Culiacán', 'Mazatlán', 'Tijuana', 'Mexicali', 'Ensenada', 'Hermosillo', 'Nogales', 'Ciudad Juárez', 'Chihuahua', 'Reynosa',
  'Matamoros', 'Nuevo Laredo', 'Monterrey', 'Guadalajara', 'Zapopan', 'Morelia', 'Uruapan', 'Apatzingán', 'Zamora', 'Celaya',
  'Irapuato', 'León', 'Acapulco', 'Chilpancingo', 'Iguala', 'Cuernavaca', 'Toluca', 'Puebla', 'Veracruz', 'Cancún'];
const EVENTS: Array<(place: string, n: number) => string> = [
  (p, n) => `Marina asegura narcolaboratorio del CJNG en ${p} con ${n} kilos de metanfetamina`,
  (p, n) => `Detienen en ${p} a operador financiero del Cártel de Sinaloa; le aseguran ${n} mil dólares`,
  (p, n) => `Hallan ${n} fosas clandestinas en ${p}; colectivos acusan a célula del Cártel del Golfo`,
  (p, n) => `Enfrentamiento entre Guardia Nacional y sicarios de La Familia Michoacana deja ${n} muertos en ${p}`,
  (p, n) => `FGR extradita a Estados Unidos a jefe de plaza de Los Chapitos detenido en ${p} hace ${n} meses`,
  (p, n) => `Ejército decomisa ${n} armas largas a grupo criminal ligado al CJNG en ${p}`,
  (p, n) => `Aseguran ${n} kilos de fentanilo en ${p} en cargamento del Cártel de Sinaloa`,
  (p, n) => `Sheinbaum descarta intervención de EU tras ataque del narco en ${p} con ${n} víctimas`,
  (p, n) => `Bloqueos y quema de vehículos en ${p} tras captura de líder del Cártel del Noreste; ${n} detenidos`,
  (p, n) => `Marinos abaten a ${n} presuntos integrantes del Cártel de Sinaloa en ${p}`,
];

/** Items of the given events in every place, published one second apart (event by event) before `before`. */
export function burst(events: number[], before: number): FeedEntrySpec[] {
  return events.flatMap((e) => PLACES.map((place, i) => ({
    title: EVENTS[e]!(place, 3 + ((e * 7 + i * 13) % 97)),
    link: `https://wire.example/nota/${e}-${i}`,
    guid: `wire-${e}-${i}`,
    description: 'Información del Gabinete de Seguridad.',
    pubDate: new Date(before - (events.length * PLACES.length - (events.indexOf(e) * PLACES.length + i)) * 1000),
  })));
}

