import type { BodyDocument } from "../../../shared/body/body-document.ts";
import { bodyToPlainText, isPlainBody } from "../plain-body.ts";

/**
 * The body field of every form the body editor mounts on (articles, pages): a label, the place the
 * editor mounts in (`data-body-mount`), and for a browser without script a text area of plain
 * paragraphs (`bodyText`), read-only when the body holds more than a text area can say.
 */
export function BodyField(props: {
  /** Prefix of the field's element ids (one form per page may hold several fields). */
  idPrefix: string;
  body: BodyDocument;
  /** The text area's text after a refused post, so nothing typed is lost. */
  bodyText?: string | undefined;
  /** What the form keeps when its body cannot be edited without script ("the article", "the page"). */
  subject: string;
}) {
  const { idPrefix, body } = props;
  const plain = isPlainBody(body);
  return (
    <div class="field editor-body-field">
      <label for={`${idPrefix}-body`} id={`${idPrefix}-body-label`}>
        Body
      </label>
      <div class="editor-body" data-body-mount hidden />
      <textarea
        name="bodyText"
        id={`${idPrefix}-body`}
        rows={16}
        readOnly={!plain}
        data-body-fallback
        aria-describedby={`${idPrefix}-body-hint`}
      >
        {props.bodyText ?? bodyToPlainText(body)}
      </textarea>
      <p class="hint" id={`${idPrefix}-body-hint`} data-body-fallback>
        {plain
          ? "Without JavaScript the body is plain paragraphs: leave a blank line between two paragraphs."
          : `This body has formatting, pictures, embeds or READ callouts, which need the full editor (JavaScript on) to change; saving this form keeps ${props.subject}'s body as it is.`}
      </p>
    </div>
  );
}
