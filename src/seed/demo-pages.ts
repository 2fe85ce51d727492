import type { Db } from "../db/database.ts";
import { importPublishedPage } from "../pages/page-manager.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";

interface DemoPageText {
  title: string;
  slug: string;
  paragraphs: string[];
}

/** The demo's pages, each in the three languages, in footer order: about, then privacy. */
const DEMO_PAGES: Record<string, DemoPageText>[] = [
  {
    en: {
      title: "About us",
      slug: "about-us",
      paragraphs: [
        "Tribune is an independent newsroom reporting on the Middle East for readers in English, Portuguese and Spanish.",
        "Our correspondents write each story once and our translators carry it into the other languages, so that every edition reads the same facts on the same day.",
        "We are funded by our readers and by a small number of advertisers who have no say over what we publish. To reach the newsroom, write to newsroom@tribune.example.",
      ],
    },
    pt: {
      title: "Quem somos",
      slug: "quem-somos",
      paragraphs: [
        "O Tribune é uma redação independente que cobre o Oriente Médio para leitores em inglês, português e espanhol.",
        "Os nossos correspondentes escrevem cada reportagem uma vez e os nossos tradutores a levam aos outros idiomas, para que todas as edições leiam os mesmos fatos no mesmo dia.",
        "Somos financiados pelos nossos leitores e por poucos anunciantes, que não têm voz sobre o que publicamos. Para falar com a redação, escreva para newsroom@tribune.example.",
      ],
    },
    es: {
      title: "Quiénes somos",
      slug: "quienes-somos",
      paragraphs: [
        "Tribune es una redacción independiente que informa sobre Oriente Medio para lectores en inglés, portugués y español.",
        "Nuestros corresponsales escriben cada noticia una vez y nuestros traductores la llevan a los otros idiomas, para que todas las ediciones lean los mismos hechos el mismo día.",
        "Nos financian nuestros lectores y unos pocos anunciantes que no opinan sobre lo que publicamos. Para escribir a la redacción: newsroom@tribune.example.",
      ],
    },
  },
  {
    en: {
      title: "Privacy",
      slug: "privacy",
      paragraphs: [
        "Reading Tribune needs no account and sets no tracking cookies. Our pages load no advertising or analytics scripts from other companies.",
        "If you sign in to comment, we keep your email address to send you sign-in links and nothing else. You can ask us to delete it at any time.",
      ],
    },
    pt: {
      title: "Privacidade",
      slug: "privacidade",
      paragraphs: [
        "Ler o Tribune não exige conta nem instala cookies de rastreamento. As nossas páginas não carregam scripts de publicidade ou de análise de outras empresas.",
        "Se você entrar para comentar, guardamos o seu e-mail apenas para enviar links de acesso. Você pode pedir que o apaguemos a qualquer momento.",
      ],
    },
    es: {
      title: "Privacidad",
      slug: "privacidad",
      paragraphs: [
        "Leer Tribune no requiere cuenta ni instala cookies de seguimiento. Nuestras páginas no cargan scripts de publicidad ni de analítica de otras empresas.",
        "Si inicia sesión para comentar, guardamos su correo electrónico solo para enviarle enlaces de acceso. Puede pedirnos que lo borremos en cualquier momento.",
      ],
    },
  },
];

/**
 * The demo's about and privacy pages, published in each edition given and listed in its footer.
 * Idempotent: a page whose first edition already has its slug is left as it is.
 */
export async function seedDemoPages(db: Db, editions: ReadonlySet<string>): Promise<void> {
  for (const [index, page] of DEMO_PAGES.entries()) {
    const versions = Object.entries(page)
      .filter(([edition]) => editions.has(edition))
      .map(([edition, text]) => ({
        edition,
        fields: {
          title: text.title,
          slug: text.slug,
          body: bodyFromParagraphs(text.paragraphs),
          metaDescription: null,
          inFooter: true,
          footerPosition: index + 1,
        },
      }));
    const [first] = versions;
    if (!first) continue;
    const present = await db
      .selectFrom("pages")
      .select("id")
      .where("edition", "=", first.edition)
      .where("slug", "=", first.fields.slug)
      .executeTakeFirst();
    if (!present) await importPublishedPage(db, versions);
  }
}
