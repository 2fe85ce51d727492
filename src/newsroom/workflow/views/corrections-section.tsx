import type { Correction } from "../../../articles/corrections.ts";
import { CORRECTION_MAX_LENGTH } from "../../../articles/corrections.ts";
import { CsrfInput, FormError } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";

export interface CorrectionsSectionProps {
  articleId: number;
  corrections: readonly Correction[];
  /** The signed-in user may append and withdraw (editors and admins) and readers see the article. */
  canCorrect: boolean;
  csrfToken: string;
  /** A refused correction, given back with why: nothing typed is lost. */
  draft?: { text: string; error: string } | undefined;
}

/** The path of an article's corrections (append: POST here). */
export const correctionsPath = (articleId: number) => `/newsroom/articles/${articleId}/corrections`;

/** The corrections section of a published article's workflow page: the dated list and the form. */
export function CorrectionsSection(props: CorrectionsSectionProps) {
  const { articleId, corrections, canCorrect } = props;
  return (
    <section class="corrections-panel" id="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">Corrections</h2>
      <FormError message={props.draft?.error} />
      {corrections.length === 0 ? (
        <p class="hint">No corrections yet.</p>
      ) : (
        <ol class="corrections-list">
          {corrections.map((correction) => (
            <li key={correction.id}>
              <time dateTime={correction.correctedAt}>{formatUtc(correction.correctedAt)}</time>
              <p>{correction.text}</p>
              {canCorrect ? (
                // Withdrawing opens a page that says what it does and asks to confirm.
                <a href={`${correctionsPath(articleId)}/${correction.id}/withdraw`}>Withdraw…</a>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {canCorrect ? (
        <form method="post" action={correctionsPath(articleId)} class="stack">
          <CsrfInput token={props.csrfToken} />
          <div class="field">
            <label for="correction-text">New correction</label>
            <textarea
              id="correction-text"
              name="text"
              rows={3}
              maxLength={CORRECTION_MAX_LENGTH}
              required
              aria-describedby="correction-hint"
            >
              {props.draft?.text ?? ""}
            </textarea>
            <p class="hint" id="correction-hint">
              One paragraph of plain text, dated now. Readers see it at once at the foot of the article, and
              its date of change moves in feeds and search engines. Corrections are not edited: one added by
              mistake can be withdrawn.
            </p>
          </div>
          <button type="submit">Publish correction</button>
        </form>
      ) : null}
    </section>
  );
}
