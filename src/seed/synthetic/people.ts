import { slugify } from "../../shared/slug.ts";
import type { Random } from "./random.ts";
import type { Culture } from "./taxonomy.ts";

interface NamePool {
  male: string[];
  female: string[];
  family: string[];
}

const pool = (male: string, female: string, family: string): NamePool => ({
  male: male.split(" "),
  female: female.split(" "),
  family: family.split(", "),
});

// Space-separated given names; comma-separated family names (some have spaces of their own).
const NAMES: Record<Culture, NamePool> = {
  arab: pool(
    "Ahmed Omar Khaled Youssef Hassan Tariq Samir Karim Walid Bilal",
    "Fatima Layla Noor Huda Amal Rania Salma Yasmin Dalia Mariam",
    "Al-Masri, Haddad, Khalil, Nasser, Al-Hashimi, Mansour, Saleh, Darwish, Al-Amin, Barakat, Qasim, Hamdan",
  ),
  persian: pool(
    "Ali Reza Hossein Mehdi Dariush Kian Babak Farhad",
    "Maryam Shirin Parisa Leila Narges Azadeh Roya Sara",
    "Rezaei, Mohammadi, Hosseini, Karimi, Ahmadi, Tehrani, Moradi, Jafari, Rahimi, Sadeghi",
  ),
  turkish: pool(
    "Mehmet Emre Murat Can Burak Kemal Serkan Hakan",
    "Ayşe Elif Zeynep Merve Selin Esra Derya Aylin",
    "Yılmaz, Kaya, Demir, Şahin, Çelik, Aydın, Öztürk, Arslan, Doğan, Koç",
  ),
  hebrew: pool(
    "Yosef Avi Daniel Eitan Noam Amir Gideon Ari",
    "Noa Tamar Yael Maya Shira Michal Dana Ruth",
    "Cohen, Levi, Mizrahi, Peretz, Friedman, Shapiro, Katz, Ben-David",
  ),
  african: pool(
    "Kwame Tunde Abebe Jomo Moussa Thabo Chidi Kofi",
    "Amina Ngozi Wanjiru Fatou Thandiwe Aisha Makena Adaeze",
    "Okafor, Mensah, Diallo, Kamau, Tesfaye, Ndlovu, Abubakar, Traoré, Otieno, Sow",
  ),
  anglo: pool(
    "James Michael David Thomas Daniel Andrew Mark Peter",
    "Sarah Emma Rachel Laura Katherine Helen Jessica Claire",
    "Smith, Walker, Thompson, Harris, Clarke, Mitchell, Turner, Reynolds, Bennett, Hughes",
  ),
  hispanic: pool(
    "Carlos Javier Miguel Andrés Diego Alejandro Pablo Luis",
    "María Lucía Carmen Sofía Isabel Valentina Elena Paula",
    "García, Rodríguez, Martínez, López, Fernández, Sánchez, Ramírez, Torres, Morales, Castillo",
  ),
  lusophone: pool(
    "João Pedro Lucas Rafael Tiago Gustavo Marcelo Nuno",
    "Ana Beatriz Mariana Juliana Camila Inês Larissa Fernanda",
    "Silva, Santos, Oliveira, Souza, Pereira, Costa, Almeida, Carvalho, Ferreira, Ribeiro",
  ),
  european: pool(
    "Pierre Lukas Marco Jan Henrik Nikos Julien Matteo",
    "Sophie Anna Giulia Claire Eva Ingrid Marie Elena",
    "Dubois, Müller, Rossi, De Vries, Lindqvist, Papadopoulos, Moreau, Bianchi, Schneider, Janssens",
  ),
  slavic: pool(
    "Dmitri Andriy Piotr Sergei Oleksandr Ivan Tomasz Mikhail",
    "Olena Natalia Katarzyna Irina Svetlana Anastasia Agnieszka Yulia",
    "Kovalenko, Ivanov, Nowak, Petrenko, Smirnov, Kowalski, Volkov, Shevchenko",
  ),
  chinese: pool(
    "Wei Jun Hao Lei Ming Tao",
    "Li Na Mei Xiu Ying Fang",
    "Wang, Zhang, Liu, Chen, Yang, Zhao, Huang, Zhou",
  ),
  southasian: pool(
    "Rahul Imran Arjun Faisal Vikram Asif Sanjay Usman",
    "Priya Ayesha Ananya Sana Kavita Fatima Meera Zainab",
    "Sharma, Khan, Patel, Qureshi, Singh, Hussain, Iyer, Malik",
  ),
  malay: pool(
    "Budi Ahmad Rizal Hafiz Agus Faisal",
    "Siti Nurul Dewi Aisyah Putri Sari",
    "Santoso, Ibrahim, Wijaya, Rahman, Hidayat, Abdullah",
  ),
  japanese: pool(
    "Hiroshi Takashi Kenji Daisuke Haruto Ryo",
    "Yuki Aiko Haruka Emi Sakura Naomi",
    "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Yamamoto",
  ),
  korean: pool(
    "Min-jun Ji-hoon Seung-woo Dong-hyun Jae-won",
    "Ji-yeon Soo-ah Eun-ji Hye-jin Min-seo",
    "Kim, Lee, Park, Choi, Jung, Kang",
  ),
};

export interface Person {
  name: string;
  female: boolean;
}

/** A person with a name from the given culture. */
export function drawPerson(random: Random, culture: Culture): Person {
  const names = NAMES[culture];
  const female = random.chance(0.45);
  const given = random.pick(female ? names.female : names.male);
  const family = random.pick(names.family);
  // Chinese, Japanese and Korean names put the family name first.
  const eastAsian = culture === "chinese" || culture === "korean";
  return { name: eastAsian ? `${family} ${given}` : `${given} ${family}`, female };
}

const AUTHOR_CULTURES: Culture[] = [
  "anglo",
  "arab",
  "lusophone",
  "hispanic",
  "turkish",
  "european",
  "persian",
];
const BEATS = [
  "the Middle East",
  "Africa",
  "Europe",
  "the Americas",
  "Asia",
  "the Gulf",
  "economics",
  "human rights",
];

/** Fifty staff writers and translators, the same ones for every seed. */
export const AUTHORS: readonly { slug: string; name: string; bio: string }[] = (() => {
  const authors: { slug: string; name: string; bio: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; authors.length < 50; i++) {
    const culture = AUTHOR_CULTURES[i % AUTHOR_CULTURES.length] as Culture;
    const names = NAMES[culture];
    const givenNames = i % 2 === 0 ? names.male : names.female;
    const given = givenNames[Math.floor(i / 2) % givenNames.length] as string;
    const family = names.family[(i * 7 + Math.floor(i / 3)) % names.family.length] as string;
    const name = `${given} ${family}`;
    if (seen.has(name)) continue;
    seen.add(name);
    authors.push({
      slug: slugify(name),
      name,
      bio: `${name} reports on ${BEATS[i % BEATS.length]} for Tribune.`,
    });
  }
  return authors;
})();

/** Wire services and outlets that stories are attributed to. */
export const SOURCES: readonly { name: string; shortName: string | null; url: string }[] = [
  { name: "Middle East Eye", shortName: "MEE", url: "https://www.middleeasteye.net" },
  { name: "Anadolu Agency", shortName: "AA", url: "https://www.aa.com.tr" },
  { name: "Reuters", shortName: null, url: "https://www.reuters.com" },
  { name: "Associated Press", shortName: "AP", url: "https://apnews.com" },
  { name: "Agence France-Presse", shortName: "AFP", url: "https://www.afp.com" },
  { name: "Al Jazeera", shortName: null, url: "https://www.aljazeera.com" },
  { name: "Agência Brasil", shortName: null, url: "https://agenciabrasil.ebc.com.br" },
  { name: "Agencia EFE", shortName: "EFE", url: "https://www.efe.com" },
  { name: "WAFA", shortName: null, url: "https://english.wafa.ps" },
  { name: "Xinhua", shortName: null, url: "https://english.news.cn" },
];
