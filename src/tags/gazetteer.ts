import { slugify } from "../shared/slug.ts";
import { foldText } from "../shared/text/fold.ts";

/**
 * A built-in multilingual gazetteer for tag suggestions: every UN member state plus Palestine, Kosovo,
 * Taiwan, Western Sahara and the Vatican, with their ISO 3166-1 alpha-2 code (XK for Kosovo is the
 * code in common use, not an official one), names in English, Portuguese (Brazilian spelling, with
 * the European one as an alternative) and Spanish, alternative names and demonyms that help find
 * them in text, and the region each belongs to.
 *
 * The regions follow the demo publication's taxonomy (`middle-east`, `asia-americas`) and the usual
 * news-desk split: the Middle East as most newsrooms draw it (the Gulf, the Levant, Iraq, Iran,
 * Turkey and Egypt), Africa (with the Maghreb and Sudan), Europe & Russia (with the Caucasus and
 * Cyprus), and Asia & Americas (the rest of Asia, Oceania and the Americas).
 *
 * Words that would mislead more often than they help are left out on purpose: demonyms that are also
 * language names spoken in many countries (English, Spanish, Portuguese), demonyms shared by two
 * countries (Congolese, Korean, Dominican), and names that are also a common first name or a big
 * city in that language (Mauricio, Granada) are kept as names but not matched.
 */

export type GazetteerLanguage = "en" | "pt" | "es";
export const GAZETTEER_LANGUAGES: readonly GazetteerLanguage[] = ["en", "pt", "es"];

export type RegionKey = "middle-east" | "africa" | "europe-russia" | "asia-americas";

export interface GazetteerRegion {
  key: RegionKey;
  names: Readonly<Record<GazetteerLanguage, string>>;
  /** Other names found in text that mean the region ("Médio Oriente", "Latin America"). */
  aliases: Readonly<Record<GazetteerLanguage, readonly string[]>>;
}

export interface GazetteerCountry {
  /** ISO 3166-1 alpha-2 ("LB"). */
  code: string;
  /** The key of the tag it becomes: its English name as a slug ("lebanon"; "us" for the United States). */
  key: string;
  region: RegionKey;
  names: Readonly<Record<GazetteerLanguage, string>>;
  /** Other names and abbreviations ("Irão", "EUA", "Burma", "Holanda"). */
  aliases: Readonly<Record<GazetteerLanguage, readonly string[]>>;
  /** Demonyms in their base form ("libanês"); `demonymForms` gives the inflected ones. */
  demonyms: Readonly<Record<GazetteerLanguage, readonly string[]>>;
  /** Languages in which the name is too often something else to be matched (Granada, Mauricio). */
  unmatched: readonly GazetteerLanguage[];
}

export const REGIONS: readonly GazetteerRegion[] = [
  {
    key: "middle-east",
    names: { en: "Middle East", pt: "Oriente Médio", es: "Oriente Medio" },
    aliases: { en: ["Mideast"], pt: ["Médio Oriente"], es: ["Oriente Próximo"] },
  },
  {
    key: "africa",
    names: { en: "Africa", pt: "África", es: "África" },
    aliases: { en: [], pt: [], es: [] },
  },
  {
    key: "europe-russia",
    names: { en: "Europe & Russia", pt: "Europa & Rússia", es: "Europa y Rusia" },
    aliases: { en: ["Europe"], pt: ["Europa"], es: ["Europa"] },
  },
  {
    key: "asia-americas",
    names: { en: "Asia & Americas", pt: "Ásia & Américas", es: "Asia y Américas" },
    aliases: {
      en: ["Asia", "Americas", "Latin America", "South America", "Central America", "Caribbean", "Oceania"],
      pt: ["Ásia", "Américas", "América Latina", "América do Sul", "América Central", "Caribe", "Oceania"],
      es: [
        "Asia",
        "Américas",
        "América Latina",
        "Latinoamérica",
        "América del Sur",
        "Sudamérica",
        "Centroamérica",
        "Caribe",
        "Oceanía",
      ],
    },
  },
];

/**
 * Phrases that contain a country's name or demonym without being about it ("New Mexico", "Latin
 * American", "Indian Ocean"): a match of one of these hides the shorter match inside it.
 */
export const BLOCKED_PHRASES: Readonly<Record<GazetteerLanguage, readonly string[]>> = {
  en: [
    "New Mexico",
    "New England",
    "New South Wales",
    "Indian Ocean",
    "French Guiana",
    "Niger Delta",
    "Latin American",
    "South American",
    "Central American",
    "North American",
    "Pan American",
  ],
  pt: [
    "Novo México",
    "Nova Inglaterra",
    "Nova Gales do Sul",
    "Guiana Francesa",
    "Delta do Níger",
    "latino-americano",
    "sul-americano",
    "centro-americano",
    "ibero-americano",
    "pan-americano",
  ],
  es: ["Nuevo México", "Nueva Inglaterra", "Nueva Gales del Sur", "Guayana Francesa", "Delta del Níger"],
};

const ME = "middle-east";
const AF = "africa";
const EU = "europe-russia";
const AA = "asia-americas";

/** Alternative names per language ("|" between them), a key override and languages not matched. */
interface Extra {
  en?: string;
  pt?: string;
  es?: string;
  key?: string;
  unmatched?: GazetteerLanguage[];
}

/** code, region, names en/pt/es, demonyms en/pt/es ("|" between several, "" for none), extras. */
type Row = [string, RegionKey, string, string, string, string, string, string, Extra?];

// biome-ignore format: one country per line reads best
const ROWS: readonly Row[] = [
  ["AF", AA, "Afghanistan", "Afeganistão", "Afganistán", "Afghan", "afegão", "afgano"],
  ["AL", EU, "Albania", "Albânia", "Albania", "Albanian", "albanês", "albanés"],
  ["DZ", AF, "Algeria", "Argélia", "Argelia", "Algerian", "argelino", "argelino"],
  ["AD", EU, "Andorra", "Andorra", "Andorra", "Andorran", "andorrano", "andorrano"],
  ["AO", AF, "Angola", "Angola", "Angola", "Angolan", "angolano", "angoleño"],
  ["AG", AA, "Antigua and Barbuda", "Antígua e Barbuda", "Antigua y Barbuda", "", "", ""],
  ["AR", AA, "Argentina", "Argentina", "Argentina", "Argentine|Argentinian", "argentino", "argentino"],
  ["AM", EU, "Armenia", "Armênia", "Armenia", "Armenian", "armênio", "armenio", { pt: "Arménia" }],
  ["AU", AA, "Australia", "Austrália", "Australia", "Australian", "australiano", "australiano"],
  ["AT", EU, "Austria", "Áustria", "Austria", "Austrian", "austríaco", "austriaco"],
  ["AZ", EU, "Azerbaijan", "Azerbaijão", "Azerbaiyán", "Azerbaijani", "azerbaijano", "azerbaiyano"],
  ["BS", AA, "Bahamas", "Bahamas", "Bahamas", "Bahamian", "bahamense", "bahameño"],
  ["BH", ME, "Bahrain", "Bahrein", "Baréin", "Bahraini", "bareinita", "bareiní", { pt: "Barein|Barém", es: "Bahréin" }],
  ["BD", AA, "Bangladesh", "Bangladesh", "Bangladés", "Bangladeshi", "", "bangladesí", { es: "Bangladesh" }],
  ["BB", AA, "Barbados", "Barbados", "Barbados", "Barbadian", "barbadiano", "barbadense"],
  ["BY", EU, "Belarus", "Belarus", "Bielorrusia", "Belarusian", "bielorrusso", "bielorruso", { pt: "Bielorrússia" }],
  ["BE", EU, "Belgium", "Bélgica", "Bélgica", "Belgian", "belga", "belga"],
  ["BZ", AA, "Belize", "Belize", "Belice", "Belizean", "belizenho", "beliceño"],
  ["BJ", AF, "Benin", "Benin", "Benín", "Beninese", "beninense", "beninés"],
  ["BT", AA, "Bhutan", "Butão", "Bután", "Bhutanese", "butanês", "butanés"],
  ["BO", AA, "Bolivia", "Bolívia", "Bolivia", "Bolivian", "boliviano", "boliviano"],
  ["BA", EU, "Bosnia and Herzegovina", "Bósnia e Herzegovina", "Bosnia y Herzegovina", "Bosnian", "bósnio", "bosnio", { en: "Bosnia", pt: "Bósnia", es: "Bosnia" }],
  ["BW", AF, "Botswana", "Botsuana", "Botsuana", "", "", "", { es: "Botswana" }],
  ["BR", AA, "Brazil", "Brasil", "Brasil", "Brazilian", "brasileiro", "brasileño"],
  ["BN", AA, "Brunei", "Brunei", "Brunéi", "Bruneian", "bruneano", "bruneano"],
  ["BG", EU, "Bulgaria", "Bulgária", "Bulgaria", "Bulgarian", "búlgaro", "búlgaro"],
  ["BF", AF, "Burkina Faso", "Burkina Faso", "Burkina Faso", "Burkinabe", "burquinense", "burkinés"],
  ["BI", AF, "Burundi", "Burundi", "Burundi", "Burundian", "burundinês", "burundés"],
  ["CV", AF, "Cabo Verde", "Cabo Verde", "Cabo Verde", "Cape Verdean", "cabo-verdiano", "caboverdiano", { en: "Cape Verde" }],
  ["KH", AA, "Cambodia", "Camboja", "Camboya", "Cambodian", "cambojano", "camboyano"],
  ["CM", AF, "Cameroon", "Camarões", "Camerún", "Cameroonian", "camaronês", "camerunés"],
  ["CA", AA, "Canada", "Canadá", "Canadá", "Canadian", "canadense", "canadiense"],
  ["CF", AF, "Central African Republic", "República Centro-Africana", "República Centroafricana", "", "", ""],
  ["TD", AF, "Chad", "Chade", "Chad", "Chadian", "chadiano", "chadiano"],
  ["CL", AA, "Chile", "Chile", "Chile", "Chilean", "chileno", "chileno"],
  ["CN", AA, "China", "China", "China", "Chinese", "chinês", "chino"],
  ["CO", AA, "Colombia", "Colômbia", "Colombia", "Colombian", "colombiano", "colombiano"],
  ["KM", AF, "Comoros", "Comores", "Comoras", "Comorian", "comorense", "comorense"],
  ["CG", AF, "Republic of the Congo", "República do Congo", "República del Congo", "", "", "", { en: "Congo-Brazzaville", pt: "Congo-Brazzaville", es: "Congo-Brazzaville" }],
  ["CR", AA, "Costa Rica", "Costa Rica", "Costa Rica", "Costa Rican", "costa-riquenho", "costarricense"],
  ["CI", AF, "Côte d'Ivoire", "Costa do Marfim", "Costa de Marfil", "Ivorian", "marfinense", "marfileño", { en: "Ivory Coast" }],
  ["HR", EU, "Croatia", "Croácia", "Croacia", "Croatian", "croata", "croata"],
  ["CU", AA, "Cuba", "Cuba", "Cuba", "Cuban", "cubano", "cubano"],
  ["CY", EU, "Cyprus", "Chipre", "Chipre", "Cypriot", "cipriota", "chipriota"],
  ["CZ", EU, "Czechia", "Tchéquia", "Chequia", "Czech", "tcheco", "checo", { en: "Czech Republic", pt: "República Tcheca|Chéquia", es: "República Checa" }],
  ["KP", AA, "North Korea", "Coreia do Norte", "Corea del Norte", "North Korean", "norte-coreano", "norcoreano", { en: "DPRK" }],
  ["CD", AF, "Democratic Republic of the Congo", "República Democrática do Congo", "República Democrática del Congo", "", "", "", { en: "DR Congo|DRC|Congo-Kinshasa", pt: "RD Congo|RDC|Congo-Kinshasa", es: "RD Congo|RDC|Congo-Kinshasa" }],
  ["DK", EU, "Denmark", "Dinamarca", "Dinamarca", "Danish|Dane", "dinamarquês", "danés"],
  ["DJ", AF, "Djibouti", "Djibuti", "Yibuti", "Djiboutian", "djibutiano", "yibutiano"],
  ["DM", AA, "Dominica", "Dominica", "Dominica", "", "", ""],
  ["DO", AA, "Dominican Republic", "República Dominicana", "República Dominicana", "", "", ""],
  ["EC", AA, "Ecuador", "Equador", "Ecuador", "Ecuadorian", "equatoriano", "ecuatoriano"],
  ["EG", ME, "Egypt", "Egito", "Egipto", "Egyptian", "egípcio", "egipcio", { pt: "Egipto" }],
  ["SV", AA, "El Salvador", "El Salvador", "El Salvador", "Salvadoran", "salvadorenho", "salvadoreño"],
  ["GQ", AF, "Equatorial Guinea", "Guiné Equatorial", "Guinea Ecuatorial", "Equatoguinean", "equato-guineense", "ecuatoguineano"],
  ["ER", AF, "Eritrea", "Eritreia", "Eritrea", "Eritrean", "eritreu|eritreia", "eritreo"],
  ["EE", EU, "Estonia", "Estônia", "Estonia", "Estonian", "estoniano", "estonio", { pt: "Estónia" }],
  ["SZ", AF, "Eswatini", "Essuatíni", "Esuatini", "Swazi", "suázi", "suazi", { en: "Swaziland", pt: "Eswatini|Suazilândia", es: "Suazilandia" }],
  ["ET", AF, "Ethiopia", "Etiópia", "Etiopía", "Ethiopian", "etíope", "etíope"],
  ["FJ", AA, "Fiji", "Fiji", "Fiyi", "Fijian", "fijiano", "fiyiano"],
  ["FI", EU, "Finland", "Finlândia", "Finlandia", "Finnish|Finn", "finlandês", "finlandés"],
  ["FR", EU, "France", "França", "Francia", "French", "francês", "francés"],
  ["GA", AF, "Gabon", "Gabão", "Gabón", "Gabonese", "gabonês", "gabonés"],
  ["GM", AF, "Gambia", "Gâmbia", "Gambia", "Gambian", "gambiano", "gambiano"],
  ["GE", EU, "Georgia", "Geórgia", "Georgia", "", "", ""],
  ["DE", EU, "Germany", "Alemanha", "Alemania", "German", "alemão", "alemán"],
  ["GH", AF, "Ghana", "Gana", "Ghana", "Ghanaian", "ganês", "ghanés"],
  ["GR", EU, "Greece", "Grécia", "Grecia", "Greek", "grego", "griego"],
  ["GD", AA, "Grenada", "Granada", "Granada", "Grenadian", "", "", { unmatched: ["pt", "es"] }],
  ["GT", AA, "Guatemala", "Guatemala", "Guatemala", "Guatemalan", "guatemalteco", "guatemalteco"],
  ["GN", AF, "Guinea", "Guiné", "Guinea", "Guinean", "", "guineano", { pt: "Guiné-Conacri" }],
  ["GW", AF, "Guinea-Bissau", "Guiné-Bissau", "Guinea-Bisáu", "Bissau-Guinean", "", "bisauguineano"],
  ["GY", AA, "Guyana", "Guiana", "Guyana", "Guyanese", "guianense", "guyanés"],
  ["HT", AA, "Haiti", "Haiti", "Haití", "Haitian", "haitiano", "haitiano"],
  ["HN", AA, "Honduras", "Honduras", "Honduras", "Honduran", "hondurenho", "hondureño"],
  ["HU", EU, "Hungary", "Hungria", "Hungría", "Hungarian", "húngaro", "húngaro"],
  ["IS", EU, "Iceland", "Islândia", "Islandia", "Icelandic|Icelander", "islandês", "islandés"],
  ["IN", AA, "India", "Índia", "India", "Indian", "indiano", ""],
  ["ID", AA, "Indonesia", "Indonésia", "Indonesia", "Indonesian", "indonésio", "indonesio"],
  ["IR", ME, "Iran", "Irã", "Irán", "Iranian", "iraniano", "iraní", { pt: "Irão" }],
  ["IQ", ME, "Iraq", "Iraque", "Irak", "Iraqi", "iraquiano", "iraquí", { es: "Iraq" }],
  ["IE", EU, "Ireland", "Irlanda", "Irlanda", "Irish", "irlandês", "irlandés"],
  ["IL", ME, "Israel", "Israel", "Israel", "Israeli", "israelense", "israelí"],
  ["IT", EU, "Italy", "Itália", "Italia", "Italian", "italiano", "italiano"],
  ["JM", AA, "Jamaica", "Jamaica", "Jamaica", "Jamaican", "jamaicano", "jamaicano"],
  ["JP", AA, "Japan", "Japão", "Japón", "Japanese", "japonês", "japonés"],
  ["JO", ME, "Jordan", "Jordânia", "Jordania", "Jordanian", "jordaniano", "jordano"],
  ["KZ", AA, "Kazakhstan", "Cazaquistão", "Kazajistán", "Kazakh", "cazaque", "kazajo"],
  ["KE", AF, "Kenya", "Quênia", "Kenia", "Kenyan", "queniano", "keniano", { pt: "Quénia" }],
  ["KI", AA, "Kiribati", "Kiribati", "Kiribati", "", "", ""],
  ["KW", ME, "Kuwait", "Kuwait", "Kuwait", "Kuwaiti", "kuwaitiano", "kuwaití", { pt: "Kuait|Koweit" }],
  ["KG", AA, "Kyrgyzstan", "Quirguistão", "Kirguistán", "Kyrgyz", "quirguiz", "kirguís"],
  ["LA", AA, "Laos", "Laos", "Laos", "Laotian", "laosiano", "laosiano"],
  ["LV", EU, "Latvia", "Letônia", "Letonia", "Latvian", "letão", "letón", { pt: "Letónia" }],
  ["LB", ME, "Lebanon", "Líbano", "Líbano", "Lebanese", "libanês", "libanés"],
  ["LS", AF, "Lesotho", "Lesoto", "Lesoto", "", "", ""],
  ["LR", AF, "Liberia", "Libéria", "Liberia", "Liberian", "liberiano", "liberiano"],
  ["LY", AF, "Libya", "Líbia", "Libia", "Libyan", "líbio", "libio"],
  ["LI", EU, "Liechtenstein", "Liechtenstein", "Liechtenstein", "", "", ""],
  ["LT", EU, "Lithuania", "Lituânia", "Lituania", "Lithuanian", "lituano", "lituano"],
  ["LU", EU, "Luxembourg", "Luxemburgo", "Luxemburgo", "Luxembourgish|Luxembourger", "luxemburguês", "luxemburgués"],
  ["MG", AF, "Madagascar", "Madagascar", "Madagascar", "Malagasy", "malgaxe", "malgache"],
  ["MW", AF, "Malawi", "Malawi", "Malaui", "Malawian", "malawiano", "malauí", { pt: "Malaui", es: "Malawi" }],
  ["MY", AA, "Malaysia", "Malásia", "Malasia", "Malaysian", "", "malasio"],
  ["MV", AA, "Maldives", "Maldivas", "Maldivas", "Maldivian", "maldivo", "maldivo"],
  ["ML", AF, "Mali", "Mali", "Malí", "Malian", "malinês", "maliense"],
  ["MT", EU, "Malta", "Malta", "Malta", "Maltese", "maltês", "maltés"],
  ["MH", AA, "Marshall Islands", "Ilhas Marshall", "Islas Marshall", "Marshallese", "", ""],
  ["MR", AF, "Mauritania", "Mauritânia", "Mauritania", "Mauritanian", "mauritano", "mauritano"],
  ["MU", AF, "Mauritius", "Maurício", "Mauricio", "Mauritian", "mauriciano", "mauriciano", { pt: "Ilhas Maurício", es: "Isla Mauricio", unmatched: ["pt", "es"] }],
  ["MX", AA, "Mexico", "México", "México", "Mexican", "mexicano", "mexicano"],
  ["FM", AA, "Micronesia", "Micronésia", "Micronesia", "Micronesian", "micronésio", "micronesio"],
  ["MD", EU, "Moldova", "Moldávia", "Moldavia", "Moldovan", "moldavo", "moldavo", { pt: "Moldova", es: "Moldova" }],
  ["MC", EU, "Monaco", "Mônaco", "Mónaco", "Monegasque", "monegasco", "monegasco", { pt: "Mónaco" }],
  ["MN", AA, "Mongolia", "Mongólia", "Mongolia", "Mongolian", "", ""],
  ["ME", EU, "Montenegro", "Montenegro", "Montenegro", "Montenegrin", "montenegrino", "montenegrino"],
  ["MA", AF, "Morocco", "Marrocos", "Marruecos", "Moroccan", "marroquino", "marroquí"],
  ["MZ", AF, "Mozambique", "Moçambique", "Mozambique", "Mozambican", "moçambicano", "mozambiqueño"],
  ["MM", AA, "Myanmar", "Mianmar", "Myanmar", "Burmese", "birmanês", "birmano", { en: "Burma", pt: "Myanmar|Birmânia", es: "Birmania" }],
  ["NA", AF, "Namibia", "Namíbia", "Namibia", "Namibian", "namibiano", "namibio"],
  ["NR", AA, "Nauru", "Nauru", "Nauru", "Nauruan", "", ""],
  ["NP", AA, "Nepal", "Nepal", "Nepal", "Nepali|Nepalese", "nepalês", "nepalí"],
  ["NL", EU, "Netherlands", "Países Baixos", "Países Bajos", "Dutch", "holandês|neerlandês", "neerlandés|holandés", { en: "Holland", pt: "Holanda", es: "Holanda" }],
  ["NZ", AA, "New Zealand", "Nova Zelândia", "Nueva Zelanda", "New Zealander", "neozelandês", "neozelandés", { es: "Nueva Zelandia" }],
  ["NI", AA, "Nicaragua", "Nicarágua", "Nicaragua", "Nicaraguan", "nicaraguense", "nicaragüense"],
  ["NE", AF, "Niger", "Níger", "Níger", "Nigerien", "nigerino", "nigerino"],
  ["NG", AF, "Nigeria", "Nigéria", "Nigeria", "Nigerian", "nigeriano", "nigeriano"],
  ["MK", EU, "North Macedonia", "Macedônia do Norte", "Macedonia del Norte", "", "", "", { pt: "Macedónia do Norte" }],
  ["NO", EU, "Norway", "Noruega", "Noruega", "Norwegian", "norueguês", "noruego"],
  ["OM", ME, "Oman", "Omã", "Omán", "Omani", "omanense", "omaní", { pt: "Omão" }],
  ["PK", AA, "Pakistan", "Paquistão", "Pakistán", "Pakistani", "paquistanês", "pakistaní", { es: "Paquistán" }],
  ["PW", AA, "Palau", "Palau", "Palaos", "Palauan", "", ""],
  ["PA", AA, "Panama", "Panamá", "Panamá", "Panamanian", "panamenho", "panameño"],
  ["PG", AA, "Papua New Guinea", "Papua-Nova Guiné", "Papúa Nueva Guinea", "Papua New Guinean", "", ""],
  ["PY", AA, "Paraguay", "Paraguai", "Paraguay", "Paraguayan", "paraguaio", "paraguayo"],
  ["PE", AA, "Peru", "Peru", "Perú", "Peruvian", "peruano", "peruano"],
  ["PH", AA, "Philippines", "Filipinas", "Filipinas", "Filipino|Philippine", "filipino", "filipino"],
  ["PL", EU, "Poland", "Polônia", "Polonia", "Polish", "polonês", "polaco", { pt: "Polónia" }],
  ["PT", EU, "Portugal", "Portugal", "Portugal", "", "", ""],
  ["QA", ME, "Qatar", "Catar", "Catar", "Qatari", "catariano", "catarí", { pt: "Qatar", es: "Qatar" }],
  ["KR", AA, "South Korea", "Coreia do Sul", "Corea del Sur", "South Korean", "sul-coreano", "surcoreano"],
  ["RO", EU, "Romania", "Romênia", "Rumania", "Romanian", "romeno", "rumano", { pt: "Roménia", es: "Rumanía" }],
  ["RU", EU, "Russia", "Rússia", "Rusia", "Russian", "russo", "ruso"],
  ["RW", AF, "Rwanda", "Ruanda", "Ruanda", "Rwandan", "ruandês", "ruandés"],
  ["KN", AA, "Saint Kitts and Nevis", "São Cristóvão e Névis", "San Cristóbal y Nieves", "", "", ""],
  ["LC", AA, "Saint Lucia", "Santa Lúcia", "Santa Lucía", "Saint Lucian", "", "", { unmatched: ["pt", "es"] }],
  ["VC", AA, "Saint Vincent and the Grenadines", "São Vicente e Granadinas", "San Vicente y las Granadinas", "", "", ""],
  ["WS", AA, "Samoa", "Samoa", "Samoa", "Samoan", "samoano", "samoano"],
  ["SM", EU, "San Marino", "San Marino", "San Marino", "Sammarinese", "são-marinense", "sanmarinense"],
  ["ST", AF, "São Tomé and Príncipe", "São Tomé e Príncipe", "Santo Tomé y Príncipe", "", "são-tomense", "santotomense"],
  ["SA", ME, "Saudi Arabia", "Arábia Saudita", "Arabia Saudí", "Saudi", "saudita", "saudí", { es: "Arabia Saudita" }],
  ["SN", AF, "Senegal", "Senegal", "Senegal", "Senegalese", "senegalês", "senegalés"],
  ["RS", EU, "Serbia", "Sérvia", "Serbia", "Serbian|Serb", "sérvio", "serbio"],
  ["SC", AF, "Seychelles", "Seychelles", "Seychelles", "Seychellois", "seichelense", "seychellense"],
  ["SL", AF, "Sierra Leone", "Serra Leoa", "Sierra Leona", "Sierra Leonean", "serra-leonês", "sierraleonés"],
  ["SG", AA, "Singapore", "Singapura", "Singapur", "Singaporean", "singapurense", "singapurense"],
  ["SK", EU, "Slovakia", "Eslováquia", "Eslovaquia", "Slovak", "eslovaco", "eslovaco"],
  ["SI", EU, "Slovenia", "Eslovênia", "Eslovenia", "Slovenian|Slovene", "esloveno", "esloveno", { pt: "Eslovénia" }],
  ["SB", AA, "Solomon Islands", "Ilhas Salomão", "Islas Salomón", "", "", ""],
  ["SO", AF, "Somalia", "Somália", "Somalia", "Somali", "somali", "somalí"],
  ["ZA", AF, "South Africa", "África do Sul", "Sudáfrica", "South African", "sul-africano", "sudafricano"],
  ["SS", AF, "South Sudan", "Sudão do Sul", "Sudán del Sur", "South Sudanese", "sul-sudanês", "sursudanés"],
  ["ES", EU, "Spain", "Espanha", "España", "Spaniard", "", ""],
  ["LK", AA, "Sri Lanka", "Sri Lanka", "Sri Lanka", "Sri Lankan", "", ""],
  ["SD", AF, "Sudan", "Sudão", "Sudán", "Sudanese", "sudanês", "sudanés"],
  ["SR", AA, "Suriname", "Suriname", "Surinam", "Surinamese", "surinamês", "surinamés"],
  ["SE", EU, "Sweden", "Suécia", "Suecia", "Swedish|Swede", "sueco", "sueco"],
  ["CH", EU, "Switzerland", "Suíça", "Suiza", "Swiss", "suíço", "suizo"],
  ["SY", ME, "Syria", "Síria", "Siria", "Syrian", "sírio", "sirio"],
  ["TJ", AA, "Tajikistan", "Tajiquistão", "Tayikistán", "Tajik", "tajique", "tayiko"],
  ["TZ", AF, "Tanzania", "Tanzânia", "Tanzania", "Tanzanian", "tanzaniano", "tanzano"],
  ["TH", AA, "Thailand", "Tailândia", "Tailandia", "Thai", "tailandês", "tailandés"],
  ["TL", AA, "Timor-Leste", "Timor-Leste", "Timor Oriental", "Timorese", "timorense", "timorense", { en: "East Timor", es: "Timor-Leste" }],
  ["TG", AF, "Togo", "Togo", "Togo", "Togolese", "togolês", "togolés"],
  ["TO", AA, "Tonga", "Tonga", "Tonga", "Tongan", "", ""],
  ["TT", AA, "Trinidad and Tobago", "Trinidad e Tobago", "Trinidad y Tobago", "Trinidadian", "", "trinitense"],
  ["TN", AF, "Tunisia", "Tunísia", "Túnez", "Tunisian", "tunisiano", "tunecino"],
  ["TR", ME, "Turkey", "Turquia", "Turquía", "Turkish", "turco", "turco", { en: "Türkiye" }],
  ["TM", AA, "Turkmenistan", "Turcomenistão", "Turkmenistán", "Turkmen", "turcomeno", "turcomano"],
  ["TV", AA, "Tuvalu", "Tuvalu", "Tuvalu", "Tuvaluan", "", ""],
  ["UG", AF, "Uganda", "Uganda", "Uganda", "Ugandan", "ugandense", "ugandés"],
  ["UA", EU, "Ukraine", "Ucrânia", "Ucrania", "Ukrainian", "ucraniano", "ucraniano"],
  ["AE", ME, "United Arab Emirates", "Emirados Árabes Unidos", "Emiratos Árabes Unidos", "Emirati", "emiradense", "emiratí", { en: "UAE", pt: "EAU", es: "EAU" }],
  ["GB", EU, "United Kingdom", "Reino Unido", "Reino Unido", "British|Briton", "britânico", "británico", {
    en: "UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland",
    pt: "Grã-Bretanha|Inglaterra|Escócia|País de Gales|Irlanda do Norte",
    es: "Gran Bretaña|Inglaterra|Escocia|Gales|Irlanda del Norte",
  }],
  ["US", AA, "United States", "Estados Unidos", "Estados Unidos", "American", "americano|norte-americano|estadunidense", "estadounidense|norteamericano|americano", {
    key: "us",
    en: "US|U.S.|USA|United States of America",
    pt: "EUA|Estados Unidos da América",
    es: "EEUU|EE.UU.|Estados Unidos de América",
  }],
  ["UY", AA, "Uruguay", "Uruguai", "Uruguay", "Uruguayan", "uruguaio", "uruguayo"],
  ["UZ", AA, "Uzbekistan", "Uzbequistão", "Uzbekistán", "Uzbek", "uzbeque", "uzbeko"],
  ["VU", AA, "Vanuatu", "Vanuatu", "Vanuatu", "", "", ""],
  ["VE", AA, "Venezuela", "Venezuela", "Venezuela", "Venezuelan", "venezuelano", "venezolano"],
  ["VN", AA, "Vietnam", "Vietnã", "Vietnam", "Vietnamese", "vietnamita", "vietnamita", { en: "Viet Nam", pt: "Vietname" }],
  ["YE", ME, "Yemen", "Iêmen", "Yemen", "Yemeni", "iemenita", "yemení", { pt: "Iémen" }],
  ["ZM", AF, "Zambia", "Zâmbia", "Zambia", "Zambian", "zambiano", "zambiano"],
  ["ZW", AF, "Zimbabwe", "Zimbábue", "Zimbabue", "Zimbabwean", "zimbabuano", "zimbabuense"],
  // Not UN members, but countries a news site names every day.
  ["PS", ME, "Palestine", "Palestina", "Palestina", "Palestinian", "palestino", "palestino", { en: "Gaza|West Bank", pt: "Gaza|Cisjordânia", es: "Gaza|Cisjordania" }],
  ["XK", EU, "Kosovo", "Kosovo", "Kosovo", "Kosovar", "kosovar", "kosovar"],
  ["TW", AA, "Taiwan", "Taiwan", "Taiwán", "Taiwanese", "taiwanês", "taiwanés"],
  ["EH", AF, "Western Sahara", "Saara Ocidental", "Sáhara Occidental", "Sahrawi|Saharawi", "saaraui", "saharaui", { pt: "Sara Ocidental" }],
  ["VA", EU, "Vatican City", "Vaticano", "Vaticano", "", "", "", { en: "Vatican|Holy See", pt: "Santa Sé|Cidade do Vaticano", es: "Santa Sede|Ciudad del Vaticano" }],
];

const list = (value: string | undefined): string[] => (value ? value.split("|") : []);

export const COUNTRIES: readonly GazetteerCountry[] = ROWS.map(
  ([code, region, en, pt, es, demEn, demPt, demEs, extra = {}]) => ({
    code,
    key: extra.key ?? slugify(en),
    region,
    names: { en, pt, es },
    aliases: { en: list(extra.en), pt: list(extra.pt), es: list(extra.es) },
    demonyms: { en: list(demEn), pt: list(demPt), es: list(demEs) },
    unmatched: extra.unmatched ?? [],
  }),
);

/** The region with that key. */
export function gazetteerRegion(key: RegionKey): GazetteerRegion {
  const region = REGIONS.find((r) => r.key === key);
  if (!region) throw new Error(`The gazetteer has no region "${key}"`);
  return region;
}

/**
 * The forms a demonym takes in running text, lowercase and without accents: "libanês" gives libanes,
 * libanesa, libaneses, libanesas; "Iranian" gives iranian, iranians. Regular endings only; an
 * irregular form is listed as a demonym of its own.
 */
export function demonymForms(language: GazetteerLanguage, base: string): string[] {
  const word = foldText(base);
  const stem = (cut: number) => word.slice(0, word.length - cut);
  if (language === "en") return /(ese|ish|ch|ss|sh)$/.test(word) ? [word] : [word, `${word}s`];
  if (word.endsWith("o") && !(language === "pt" && word.endsWith("ao"))) {
    return [word, `${stem(1)}a`, `${stem(1)}os`, `${stem(1)}as`];
  }
  if (language === "pt") {
    // alemão, alemã, alemães, alemãs; afegão, afegãos
    if (word.endsWith("ao")) return [word, `${stem(1)}`, `${stem(1)}os`, `${stem(1)}es`, `${stem(1)}s`];
    if (word.endsWith("l")) return [word, `${word}a`, `${stem(1)}is`, `${word}as`];
    if (/(es|[rzs])$/.test(word)) return [word, `${word}a`, `${word}es`, `${word}as`];
    return [word, `${word}s`];
  }
  if (word.endsWith("i")) return [word, `${word}es`, `${word}s`];
  if (/[aeu]$/.test(word)) return [word, `${word}s`];
  return [word, `${word}a`, `${word}es`, `${word}as`];
}
