/** A language edition of the site, as configured. */
export interface Edition {
  /** Language code, also the key used everywhere (`en`, `pt`, `es`). */
  code: string;
  /** BCP 47 locale for dates and numbers (`pt-BR`). */
  locale: string;
  /** IANA time zone in which the edition's dates are shown. */
  timeZone: string;
  /** Path prefix on the main host (`/pt`), or "" when the edition lives at the root of its own host. */
  prefix: string;
  /** Its own host name (`pt.example.org`), or null when it lives under the main host. */
  host: string | null;
  /** Keys of the region tags whose stories the front page features; empty means every region. */
  featuredRegions: string[];
  /**
   * Keys of the section and region tags the header's menu lists, in order (an admin's setting);
   * empty: the edition's busiest sections, then its featured regions (src/site/navigation/).
   */
  menuSections: string[];
  /** The publication's name on this edition's pages (an admin's setting); null: the site's name. */
  displayName: string | null;
}

/** What admins may change of an edition (src/settings/); the rest comes from the environment only. */
export type EditionSettings = Pick<Edition, "displayName" | "timeZone" | "featuredRegions" | "menuSections">;

export const BUILT_IN_EDITIONS: Readonly<
  Record<string, Omit<Edition, "prefix" | "host" | "featuredRegions" | "menuSections" | "displayName">>
> = {
  en: { code: "en", locale: "en-GB", timeZone: "Europe/London" },
  pt: { code: "pt", locale: "pt-BR", timeZone: "America/Sao_Paulo" },
  es: { code: "es", locale: "es-ES", timeZone: "Europe/Madrid" },
};
