import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { formatDateTime, type ReaderLocale } from "../../shared/i18n/format.ts";

/**
 * The corrections at the foot of an article, oldest first, each dated in the edition's language and
 * time zone. The text is plain and escaped like any other; nothing shows when there is none.
 */
export function CorrectionsNote(props: {
  corrections: readonly { text: string; correctedAt: string }[];
  edition: ReaderLocale;
  messages: Catalogue;
}) {
  const { corrections, edition, messages } = props;
  if (corrections.length === 0) return null;
  return (
    <aside class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{messages.corrections(corrections.length)}</h2>
      <ol>
        {corrections.map((correction) => (
          <li key={correction.correctedAt}>
            <time datetime={correction.correctedAt}>{formatDateTime(edition, correction.correctedAt)}</time>
            <p>{correction.text}</p>
          </li>
        ))}
      </ol>
    </aside>
  );
}
