import type { TagKind } from "../../db/schema.ts";
import { bareName, type Lang } from "./noun-phrase.ts";
import type { EventKind } from "./text-bank.ts";

/** Name pools for the people quoted in a story; each country draws from its own. */
export type Culture =
  | "arab"
  | "persian"
  | "turkish"
  | "hebrew"
  | "african"
  | "anglo"
  | "hispanic"
  | "lusophone"
  | "european"
  | "slavic"
  | "chinese"
  | "southasian"
  | "malay"
  | "japanese"
  | "korean";

export interface Country {
  key: string;
  region: string;
  /** How often the country is in the news, relative to the others. */
  weight: number;
  culture: Culture;
  /** "article|name" per language, e.g. "o|Irã". */
  names: Record<Lang, string>;
  capital: Record<Lang, string>;
}

export interface TagSpec {
  key: string;
  kind: TagKind;
  parent: string | null;
  names: Record<Lang, string>;
}

type Trio = [en: string, pt: string, es: string];
const trio = ([en, pt, es]: Trio): Record<Lang, string> => ({ en, pt, es });

// The demo's keys (asia-americas, middle-east, iran, iraq, us, turkey, news) keep the demo's names, so
// the demo and synthetic content can share one database.
const REGIONS: [string, ...Trio][] = [
  ["middle-east", "Middle East", "Oriente Médio", "Oriente Medio"],
  ["africa", "Africa", "África", "África"],
  ["europe", "Europe", "Europa", "Europa"],
  ["asia-americas", "Asia & Americas", "Ásia & Américas", "Asia y Américas"],
  ["oceania", "Oceania", "Oceania", "Oceanía"],
];

// key;region;weight;culture;name en;pt;es;capital en;pt;es. Names are "article|name" (see noun-phrase.ts).
const COUNTRY_ROWS: string[] = [
  "iran;middle-east;5;persian;Iran;o|Irã;Irán;Tehran;Teerã;Teherán",
  "iraq;middle-east;4;arab;Iraq;o|Iraque;Irak;Baghdad;Bagdá;Bagdad",
  "turkey;middle-east;5;turkish;Turkey;a|Turquia;Turquía;Ankara;Ancara;Ankara",
  "syria;middle-east;4;arab;Syria;a|Síria;Siria;Damascus;Damasco;Damasco",
  "lebanon;middle-east;3;arab;Lebanon;o|Líbano;el|Líbano;Beirut;Beirute;Beirut",
  "jordan;middle-east;2;arab;Jordan;a|Jordânia;Jordania;Amman;Amã;Amán",
  "israel;middle-east;5;hebrew;Israel;Israel;Israel;Tel Aviv;Tel Aviv;Tel Aviv",
  "palestine;middle-east;6;arab;Palestine;a|Palestina;Palestina;Ramallah;Ramallah;Ramala",
  "egypt;middle-east;4;arab;Egypt;o|Egito;Egipto;Cairo;o|Cairo;El Cairo",
  "saudi-arabia;middle-east;4;arab;Saudi Arabia;a|Arábia Saudita;Arabia Saudí;Riyadh;Riad;Riad",
  "uae;middle-east;3;arab;the|UAE;os|Emirados Árabes Unidos;los|Emiratos Árabes Unidos;Abu Dhabi;Abu Dhabi;Abu Dabi",
  "qatar;middle-east;3;arab;Qatar;o|Catar;Catar;Doha;Doha;Doha",
  "kuwait;middle-east;2;arab;Kuwait;o|Kuwait;Kuwait;Kuwait City;a|Cidade do Kuwait;Kuwait",
  "oman;middle-east;1;arab;Oman;Omã;Omán;Muscat;Mascate;Mascate",
  "bahrain;middle-east;1;arab;Bahrain;o|Bahrein;Baréin;Manama;Manama;Manama",
  "yemen;middle-east;3;arab;Yemen;o|Iêmen;Yemen;Sanaa;Sanaa;Saná",
  "libya;africa;3;arab;Libya;a|Líbia;Libia;Tripoli;Trípoli;Trípoli",
  "tunisia;africa;2;arab;Tunisia;a|Tunísia;Túnez;Tunis;Túnis;Túnez",
  "algeria;africa;2;arab;Algeria;a|Argélia;Argelia;Algiers;Argel;Argel",
  "morocco;africa;2;arab;Morocco;o|Marrocos;Marruecos;Rabat;Rabat;Rabat",
  "sudan;africa;3;arab;Sudan;o|Sudão;Sudán;Khartoum;Cartum;Jartum",
  "ethiopia;africa;1;african;Ethiopia;a|Etiópia;Etiopía;Addis Ababa;Adis Abeba;Adís Abeba",
  "somalia;africa;1;arab;Somalia;a|Somália;Somalia;Mogadishu;Mogadíscio;Mogadiscio",
  "nigeria;africa;1;african;Nigeria;a|Nigéria;Nigeria;Abuja;Abuja;Abuya",
  "kenya;africa;1;african;Kenya;o|Quênia;Kenia;Nairobi;Nairóbi;Nairobi",
  "south-africa;africa;2;african;South Africa;a|África do Sul;Sudáfrica;Pretoria;Pretória;Pretoria",
  "mali;africa;1;african;Mali;o|Mali;Malí;Bamako;Bamako;Bamako",
  "senegal;africa;1;african;Senegal;o|Senegal;Senegal;Dakar;Dacar;Dakar",
  "angola;africa;1;lusophone;Angola;Angola;Angola;Luanda;Luanda;Luanda",
  "mozambique;africa;1;lusophone;Mozambique;Moçambique;Mozambique;Maputo;Maputo;Maputo",
  "uk;europe;3;anglo;the|UK;o|Reino Unido;el|Reino Unido;London;Londres;Londres",
  "france;europe;3;european;France;a|França;Francia;Paris;Paris;París",
  "germany;europe;2;european;Germany;a|Alemanha;Alemania;Berlin;Berlim;Berlín",
  "italy;europe;1;european;Italy;a|Itália;Italia;Rome;Roma;Roma",
  "spain;europe;2;hispanic;Spain;a|Espanha;España;Madrid;Madri;Madrid",
  "portugal;europe;1;lusophone;Portugal;Portugal;Portugal;Lisbon;Lisboa;Lisboa",
  "netherlands;europe;1;european;the|Netherlands;os|Países Baixos;los|Países Bajos;Amsterdam;Amsterdã;Ámsterdam",
  "belgium;europe;1;european;Belgium;a|Bélgica;Bélgica;Brussels;Bruxelas;Bruselas",
  "greece;europe;1;european;Greece;a|Grécia;Grecia;Athens;Atenas;Atenas",
  "poland;europe;1;slavic;Poland;a|Polônia;Polonia;Warsaw;Varsóvia;Varsovia",
  "ukraine;europe;3;slavic;Ukraine;a|Ucrânia;Ucrania;Kyiv;Kiev;Kiev",
  "russia;europe;3;slavic;Russia;a|Rússia;Rusia;Moscow;Moscou;Moscú",
  "sweden;europe;1;european;Sweden;a|Suécia;Suecia;Stockholm;Estocolmo;Estocolmo",
  "norway;europe;1;european;Norway;a|Noruega;Noruega;Oslo;Oslo;Oslo",
  "us;asia-americas;5;anglo;the|US;os|EUA;EEUU;Washington;Washington;Washington",
  "canada;asia-americas;1;anglo;Canada;o|Canadá;Canadá;Ottawa;Ottawa;Ottawa",
  "mexico;asia-americas;1;hispanic;Mexico;o|México;México;Mexico City;a|Cidade do México;Ciudad de México",
  "brazil;asia-americas;2;lusophone;Brazil;o|Brasil;Brasil;Brasília;Brasília;Brasilia",
  "argentina;asia-americas;1;hispanic;Argentina;a|Argentina;Argentina;Buenos Aires;Buenos Aires;Buenos Aires",
  "chile;asia-americas;1;hispanic;Chile;o|Chile;Chile;Santiago;Santiago;Santiago",
  "colombia;asia-americas;1;hispanic;Colombia;a|Colômbia;Colombia;Bogotá;Bogotá;Bogotá",
  "venezuela;asia-americas;1;hispanic;Venezuela;a|Venezuela;Venezuela;Caracas;Caracas;Caracas",
  "cuba;asia-americas;1;hispanic;Cuba;Cuba;Cuba;Havana;Havana;La Habana",
  "china;asia-americas;3;chinese;China;a|China;China;Beijing;Pequim;Pekín",
  "india;asia-americas;2;southasian;India;a|Índia;India;New Delhi;Nova Délhi;Nueva Delhi",
  "pakistan;asia-americas;2;southasian;Pakistan;o|Paquistão;Pakistán;Islamabad;Islamabad;Islamabad",
  "afghanistan;asia-americas;2;persian;Afghanistan;o|Afeganistão;Afganistán;Kabul;Cabul;Kabul",
  "indonesia;asia-americas;1;malay;Indonesia;a|Indonésia;Indonesia;Jakarta;Jacarta;Yakarta",
  "malaysia;asia-americas;1;malay;Malaysia;a|Malásia;Malasia;Kuala Lumpur;Kuala Lumpur;Kuala Lumpur",
  "japan;asia-americas;1;japanese;Japan;o|Japão;Japón;Tokyo;Tóquio;Tokio",
  "south-korea;asia-americas;1;korean;South Korea;a|Coreia do Sul;Corea del Sur;Seoul;Seul;Seúl",
  "australia;oceania;1;anglo;Australia;a|Austrália;Australia;Canberra;Camberra;Canberra",
  "new-zealand;oceania;1;anglo;New Zealand;a|Nova Zelândia;Nueva Zelanda;Wellington;Wellington;Wellington",
];

export const COUNTRIES: readonly Country[] = COUNTRY_ROWS.map((row) => {
  const [
    key = "",
    region = "",
    weight = "1",
    culture = "",
    en = "",
    pt = "",
    es = "",
    capEn = "",
    capPt = "",
    capEs = "",
  ] = row.split(";");
  return {
    key,
    region,
    weight: Number(weight),
    culture: culture as Culture,
    names: { en, pt, es },
    capital: { en: capEn, pt: capPt, es: capEs },
  };
});

/** Sections with how often a story belongs to each. */
export const SECTIONS: readonly { key: string; weight: number; names: Record<Lang, string> }[] = [
  { key: "news", weight: 66, names: trio(["News", "Notícias", "Noticias"]) },
  { key: "analysis", weight: 10, names: trio(["Analysis", "Análise", "Análisis"]) },
  { key: "opinion", weight: 10, names: trio(["Opinion", "Opinião", "Opinión"]) },
  { key: "features", weight: 6, names: trio(["Features", "Reportagens", "Reportajes"]) },
  { key: "interviews", weight: 4, names: trio(["Interviews", "Entrevistas", "Entrevistas"]) },
  { key: "reviews", weight: 4, names: trio(["Reviews", "Resenhas", "Reseñas"]) },
];

type TopicRow = [string, EventKind, ...Trio];
const TOPIC_ROWS: TopicRow[] = [
  ["diplomacy", "diplomacy", "Diplomacy", "Diplomacia", "Diplomacia"],
  ["peace-talks", "diplomacy", "Peace talks", "Negociações de paz", "Negociaciones de paz"],
  ["sanctions", "diplomacy", "Sanctions", "Sanções", "Sanciones"],
  ["foreign-policy", "diplomacy", "Foreign policy", "Política externa", "Política exterior"],
  ["armed-conflict", "conflict", "Armed conflict", "Conflito armado", "Conflicto armado"],
  ["military", "conflict", "Military", "Forças Armadas", "Fuerzas Armadas"],
  ["terrorism", "conflict", "Terrorism", "Terrorismo", "Terrorismo"],
  ["arms-trade", "conflict", "Arms trade", "Comércio de armas", "Comercio de armas"],
  ["occupation", "conflict", "Occupation", "Ocupação", "Ocupación"],
  ["protests", "protest", "Protests", "Protestos", "Protestas"],
  ["labour", "protest", "Labour", "Trabalho", "Trabajo"],
  ["civil-society", "protest", "Civil society", "Sociedade civil", "Sociedad civil"],
  ["elections", "politics", "Elections", "Eleições", "Elecciones"],
  ["corruption", "politics", "Corruption", "Corrupção", "Corrupción"],
  ["parliament", "politics", "Parliament", "Parlamento", "Parlamento"],
  ["economy", "economy", "Economy", "Economia", "Economía"],
  ["inflation", "economy", "Inflation", "Inflação", "Inflación"],
  ["debt", "economy", "Debt", "Dívida", "Deuda"],
  ["trade", "economy", "Trade", "Comércio", "Comercio"],
  ["investment", "economy", "Investment", "Investimento", "Inversión"],
  ["refugees", "humanitarian", "Refugees", "Refugiados", "Refugiados"],
  ["migration", "humanitarian", "Migration", "Migração", "Migración"],
  ["humanitarian-aid", "humanitarian", "Humanitarian aid", "Ajuda humanitária", "Ayuda humanitaria"],
  ["food-security", "humanitarian", "Food security", "Segurança alimentar", "Seguridad alimentaria"],
  ["human-rights", "justice", "Human rights", "Direitos humanos", "Derechos humanos"],
  ["press-freedom", "justice", "Press freedom", "Liberdade de imprensa", "Libertad de prensa"],
  ["courts", "justice", "Courts", "Justiça", "Tribunales"],
  ["prisoners", "justice", "Prisoners", "Presos políticos", "Presos políticos"],
  ["womens-rights", "justice", "Women's rights", "Direitos das mulheres", "Derechos de las mujeres"],
  ["climate-change", "climate", "Climate change", "Mudanças climáticas", "Cambio climático"],
  ["natural-disasters", "climate", "Natural disasters", "Desastres naturais", "Desastres naturales"],
  ["water", "climate", "Water", "Água", "Agua"],
  ["agriculture", "climate", "Agriculture", "Agricultura", "Agricultura"],
  ["health", "health", "Health", "Saúde", "Salud"],
  ["education", "health", "Education", "Educação", "Educación"],
  ["children", "health", "Children", "Crianças", "Infancia"],
  ["energy", "energy", "Energy", "Energia", "Energía"],
  ["oil-and-gas", "energy", "Oil & gas", "Petróleo e gás", "Petróleo y gas"],
  ["nuclear-programme", "energy", "Nuclear programme", "Programa nuclear", "Programa nuclear"],
  ["technology", "culture", "Technology", "Tecnologia", "Tecnología"],
  ["culture", "culture", "Culture", "Cultura", "Cultura"],
  ["sport", "culture", "Sport", "Esportes", "Deportes"],
  ["heritage", "culture", "Heritage", "Patrimônio", "Patrimonio"],
];

export const TOPICS: readonly { key: string; event: EventKind; names: Record<Lang, string> }[] =
  TOPIC_ROWS.map(([key, event, en, pt, es]) => ({ key, event, names: { en, pt, es } }));

const bareNames = (names: Record<Lang, string>): Record<Lang, string> => ({
  en: bareName(names.en),
  pt: bareName(names.pt),
  es: bareName(names.es),
});

/** Every tag of the synthetic taxonomy, parents before children. */
export const TAXONOMY: readonly TagSpec[] = [
  ...REGIONS.map(
    ([key, en, pt, es]): TagSpec => ({ key, kind: "region", parent: null, names: { en, pt, es } }),
  ),
  ...COUNTRIES.map(
    (c): TagSpec => ({ key: c.key, kind: "country", parent: c.region, names: bareNames(c.names) }),
  ),
  ...SECTIONS.map((s): TagSpec => ({ key: s.key, kind: "section", parent: null, names: s.names })),
  ...TOPICS.map((t): TagSpec => ({ key: t.key, kind: "topic", parent: null, names: t.names })),
];
