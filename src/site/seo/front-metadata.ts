import type { Edition } from "../../editions/edition.ts";
import { ogLocale, type PageMeta } from "./article-metadata.ts";

/** OpenGraph and Twitter basics for an edition's front page, so a shared link shows a proper card. */
export function frontMetadata(options: {
  edition: Edition;
  /** Every configured edition; the others become `og:locale:alternate`. */
  editions: readonly Edition[];
  title: string;
  /** Absolute URL of this front page. */
  url: string;
  siteName: string;
}): PageMeta {
  const { edition, editions, title, url, siteName } = options;
  return [
    { property: "og:type", content: "website" },
    { property: "og:title", content: title },
    { property: "og:url", content: url },
    { property: "og:site_name", content: siteName },
    { property: "og:locale", content: ogLocale(edition.locale) },
    ...editions
      .filter((other) => other.code !== edition.code)
      .map((other) => ({ property: "og:locale:alternate", content: ogLocale(other.locale) })),
    { name: "twitter:card", content: "summary" },
    { name: "twitter:title", content: title },
  ];
}
