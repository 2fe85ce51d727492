import { altField, captionField } from "../../media/media-form.ts";
import { CsrfInput } from "../../views/form-parts.tsx";
import type { HeroPictureTexts } from "../translation-picture.ts";

/**
 * The hero picture's caption and alt text in the translation's edition, beside the original's.
 * Left empty, the reader page shows the original's, marked as in another language.
 */
export function PictureTextsForm(props: { picture: HeroPictureTexts; translationId: number; csrf: string }) {
  const { picture } = props;
  const { original, translation } = picture;
  return (
    <section class="picture-texts" aria-labelledby="picture-texts-heading">
      <h2 id="picture-texts-heading">Hero picture: caption and alt text</h2>
      <div class="side-by-side">
        <div class="original-text" data-original-picture="">
          {picture.thumbnailUrl ? <img src={picture.thumbnailUrl} alt="" class="picture-thumbnail" /> : null}
          <p>
            <strong>
              Caption <span class="nr-role">{original.edition}</span>
            </strong>{" "}
            <span lang={original.edition}>{original.caption ?? "(none)"}</span>
          </p>
          <p>
            <strong>
              Alt text <span class="nr-role">{original.edition}</span>
            </strong>{" "}
            <span lang={original.edition}>{original.alt ?? "(none)"}</span>
          </p>
        </div>
        <form
          method="post"
          action={`/newsroom/translations/${props.translationId}/picture-texts`}
          class="stack"
        >
          <CsrfInput token={props.csrf} />
          <fieldset disabled={!picture.editable}>
            <legend>
              Edition <span class="nr-role">{translation.edition}</span>
            </legend>
            <label>
              Caption
              <textarea
                name={captionField(translation.edition)}
                rows={2}
                maxLength={2000}
                lang={translation.edition}
              >
                {translation.caption ?? ""}
              </textarea>
            </label>
            <label>
              Alt text <span class="hint">(what the picture shows, for people who cannot see it)</span>
              <input
                type="text"
                name={altField(translation.edition)}
                maxLength={1000}
                value={translation.alt ?? ""}
                lang={translation.edition}
              />
            </label>
            <p class="hint">
              Left empty, readers of this edition see the {original.edition} text, marked as in that language.
            </p>
          </fieldset>
          {picture.editable ? (
            <div>
              <button type="submit">Save caption and alt text</button>
            </div>
          ) : (
            <p class="hint">Your role may not change this edition's picture texts.</p>
          )}
        </form>
      </div>
    </section>
  );
}
