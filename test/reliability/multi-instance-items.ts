/**
 * What the outlets of the multi-instance kill test publish: one event reported by five outlets
 * (three in English, two in Spanish) that Radar groups as one story, and thirteen relevant reports
 * of distinct events (each its own story) in both languages. Real-shaped wire copy.
 */

export interface Report {
  title: string;
  summary: string;
  url: string;
  lang: 'en' | 'es';
}

/** The event, with the outlet that reports it. */
export const EVENT: Array<Report & { outlet: string }> = [
  {
    outlet: 'Wire Service', lang: 'en',
    title: 'Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels',
    url: 'https://wire.example/world/rubio-sheinbaum-security-group/',
    summary: 'MEXICO CITY (Wire) - U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to fight cartels and fentanyl trafficking.',
  },
  {
    outlet: 'El Universal', lang: 'es',
    title: 'Sheinbaum y Rubio acuerdan grupo de seguridad de alto nivel entre México y EU contra cárteles',
    url: 'https://universal.example/nacion/sheinbaum-rubio-grupo-seguridad/',
    summary: 'La presidenta Claudia Sheinbaum y el secretario de Estado Marco Rubio acordaron en Palacio Nacional un grupo de seguridad de alto nivel contra los cárteles y el tráfico de fentanilo.',
  },
  {
    outlet: 'Associated Press', lang: 'en',
    title: 'Rubio, Sheinbaum launch US-Mexico security group, rule out US strikes in Mexico',
    url: 'https://press.example/article/rubio-sheinbaum-mexico-security-group',
    summary: 'Secretary of State Marco Rubio and President Claudia Sheinbaum announced a security cooperation group in Mexico City on Wednesday; Sheinbaum said US strikes on Mexican soil were ruled out.',
  },
  {
    outlet: 'Milenio', lang: 'es',
    title: 'Rubio y Sheinbaum pactan grupo de seguridad México-EU; descartan ataques de EU en territorio mexicano',
    url: 'https://milenio.example/politica/rubio-sheinbaum-grupo-seguridad',
    summary: 'Marco Rubio y Claudia Sheinbaum anunciaron un grupo de seguridad entre México y Estados Unidos contra cárteles y fentanilo.',
  },
  {
    outlet: 'The Globe', lang: 'en',
    title: 'US and Mexico form high-level security group after Rubio meets Sheinbaum in Mexico City',
    url: 'https://globe.example/news/us-mexico-security-group',
    summary: 'The security group agreed by Rubio and Sheinbaum will meet regularly to coordinate action against cartels, arms trafficking and fentanyl.',
  },
];

/** Distinct events, one report each. */
export const OTHERS: Report[] = [
  { lang: 'en', title: 'Mexico sends 26 cartel figures to United States in second mass transfer', url: 'https://reuters.example/world/mexico-sends-26-cartel-figures', summary: 'Mexico sent 26 alleged cartel members wanted by U.S. prosecutors to the United States on Thursday, the second such mass transfer this year, the security cabinet said.' },
  { lang: 'en', title: 'U.S. charges Sinaloa cartel leaders with narco-terrorism in New York', url: 'https://reuters.example/legal/sinaloa-narco-terrorism-charges', summary: 'U.S. prosecutors on Thursday unsealed narco-terrorism charges against leaders of the Sinaloa cartel, the first such charges since the group was designated a terrorist organization.' },
  { lang: 'en', title: 'US military strikes drug boat from Venezuela, killing 11, Trump says', url: 'https://reuters.example/world/us-strike-drug-boat-venezuela', summary: 'President Donald Trump said the U.S. military carried out a strike on a drug-carrying boat that departed Venezuela, killing 11 people he described as members of the Tren de Aragua gang.' },
  { lang: 'es', title: 'EE.UU. ataca otra lancha con drogas en el Caribe y mata a tres personas', url: 'https://elpais.example/america/eeuu-ataca-otra-lancha-caribe', summary: 'El secretario de Defensa, Pete Hegseth, informó de un nuevo ataque militar contra una embarcación que presuntamente transportaba narcóticos en el Caribe, con tres muertos.' },
  { lang: 'en', title: 'Trump raises tariffs on Canadian goods to 35% over fentanyl, trade', url: 'https://reuters.example/business/trump-raises-canada-tariffs', summary: 'President Donald Trump raised the fentanyl-related tariff on Canadian imports to 35% from 25%, saying Ottawa had failed to stop the flow of the drug across the border.' },
  { lang: 'en', title: 'Mexican forces arrest alleged Sinaloa cartel finance chief in Culiacan', url: 'https://reuters.example/world/sinaloa-cartel-finance-chief-arrested', summary: 'Mexican security forces arrested a man described as the chief financial operator of the Chapitos faction of the Sinaloa cartel in Culiacan, Security Minister Omar Garcia Harfuch said.' },
  { lang: 'en', title: "Gunmen kill 5 in attack on bar in Mexico's Culiacan", url: 'https://apnews.example/article/culiacan-bar-attack', summary: 'CULIACAN, Mexico (AP) — Gunmen opened fire inside a bar in the Sinaloa state capital of Culiacan late Monday, killing five people, state prosecutors said.' },
  { lang: 'en', title: "Ovidio Guzman, son of 'El Chapo', pleads guilty to drug trafficking in Chicago", url: 'https://reuters.example/legal/ovidio-guzman-pleads-guilty', summary: "Ovidio Guzman Lopez, a son of jailed Sinaloa cartel boss Joaquin 'El Chapo' Guzman, pleaded guilty on Friday in a Chicago federal court to drug trafficking charges." },
  { lang: 'en', title: 'US designates Cartel del Noreste, Tren de Aragua factions as terrorist organizations', url: 'https://reuters.example/world/us-designates-cartel-del-noreste', summary: 'The U.S. State Department on Monday designated two more criminal groups as foreign terrorist organizations, including the Cartel del Noreste, Secretary of State Marco Rubio said.' },
  { lang: 'en', title: 'Border officers seize record 1,200 pounds of fentanyl at Nogales port', url: 'https://apnews.example/article/nogales-fentanyl-seizure', summary: 'U.S. Customs and Border Protection officers seized about 1,200 pounds of fentanyl pills hidden in a tractor-trailer at the Nogales port of entry, the largest such seizure there.' },
  { lang: 'en', title: 'Mexican navy seizes 1.5 tons of meth at Sinaloa drug lab', url: 'https://reuters.example/world/navy-seizes-meth-sinaloa-lab', summary: 'The Mexican navy dismantled a clandestine laboratory in the mountains of Sinaloa and seized 1.5 tons of methamphetamine, the security cabinet said.' },
  { lang: 'en', title: 'Mexico arrests Tamaulipas mayor accused of ties to Gulf cartel', url: 'https://reuters.example/world/tamaulipas-mayor-gulf-cartel', summary: 'Mexican authorities arrested the mayor of a town in Tamaulipas state accused of collaborating with the Gulf cartel, Security Minister Omar Garcia Harfuch said.' },
  { lang: 'es', title: 'Cae presunto líder de célula delictiva en Zacatecas', url: 'https://imagenzac.example/seguridad/cae-lider-celula-fresnillo', summary: 'Elementos de la Guardia Nacional detuvieron a un presunto líder de célula en Fresnillo.' },
];
