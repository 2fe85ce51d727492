import type { ComponentChildren } from "preact";
import type { Edition } from "../../editions/edition.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";

/** Stands for the names inside the edition's "By {name}" sentence, so that the names can be links. */
const NAMES = "\u0000";

/**
 * "By Ana Lima and Omar Haddad": the edition's byline sentence around the story's authors, each a
 * link to their page, joined the way the edition's language joins a list.
 */
export function Byline(props: {
  authors: readonly { name: string; href: string }[];
  edition: Edition;
  messages: Catalogue;
}) {
  const { authors } = props;
  if (authors.length === 0) return null;
  const parts = new Intl.ListFormat(props.edition.locale, { type: "conjunction" }).formatToParts(
    authors.map((author) => author.name),
  );
  let index = 0;
  const names: ComponentChildren[] = parts.map((part) => {
    if (part.type === "literal") return part.value;
    const author = authors[index++];
    return author ? <a href={author.href}>{author.name}</a> : part.value;
  });
  const [before = "", after = ""] = props.messages.byAuthor(NAMES).split(NAMES);
  return (
    <span class="byline">
      {before}
      {names}
      {after}
    </span>
  );
}
