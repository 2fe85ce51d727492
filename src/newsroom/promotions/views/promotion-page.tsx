import type { ManagedPromotion } from "../../../promotions/promotion-manager.ts";
import { PLACEMENTS } from "../../../promotions/promotion-values.ts";
import { CsrfInput, EditionChoices, FormError, Notice } from "../../views/form-parts.tsx";
import type { PromotionForm } from "../promotion-form.ts";
import { PLACEMENT_LABELS, promotionUrl, windowText } from "./promotions-page.tsx";

/** A picture the form offers: its thumbnail and what names it. */
export interface PictureChoice {
  id: number;
  thumbUrl: string;
  label: string;
}

export interface PromotionPageProps {
  /** Absent for a new promotion. */
  promotion?: ManagedPromotion | undefined;
  form: PromotionForm;
  editions: readonly string[];
  /** Every tag's name, suggested in the tags field. */
  tagNames: readonly string[];
  /** The pictures found for the form's search (the chosen one first). */
  pictures: readonly PictureChoice[];
  /** The default edition's time zone, in which the form's times are read. */
  timeZone: string;
  csrf: string;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/promotions/new and /newsroom/promotions/:id: the promotion's form, and its deletion. */
export function PromotionPage(props: PromotionPageProps) {
  const { promotion, form } = props;
  const action = promotion ? promotionUrl(promotion.id) : "/newsroom/promotions";
  const heading = promotion ? promotion.headline : "New promotion";
  return (
    <>
      <p class="crumbs">
        <a href="/newsroom/promotions">Promotions</a> › {heading}
      </p>
      <h1>{heading}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      {promotion ? (
        <p>
          {promotion.status === "running"
            ? "Running"
            : promotion.status === "scheduled"
              ? "Scheduled"
              : "Ended"}
          : {windowText(promotion, props.timeZone)} ({props.timeZone}). A change shows on readers' pages at
          once.
        </p>
      ) : null}
      <form method="post" action={action} class="stack promotion-form">
        <CsrfInput token={props.csrf} />
        {/* Enter in a field saves: a form's first submit button is its default, not the picture search. */}
        <button type="submit" class="visually-hidden" tabIndex={-1} aria-hidden="true">
          {promotion ? "Save" : "Create promotion"}
        </button>
        <label>
          Headline
          <input type="text" name="headline" value={form.headline} required maxLength={200} />
        </label>
        <label>
          <span>
            Text <span class="hint">(optional, up to 500 characters)</span>
          </span>
          <textarea name="text" rows={3} maxLength={500}>
            {form.text}
          </textarea>
        </label>
        <div class="field-row">
          <label>
            Call to action
            <input type="text" name="cta" value={form.cta} required maxLength={100} />
          </label>
          <label>
            <span>
              Link <span class="hint">(https://… or a path on the site, /pt/…)</span>
            </span>
            <input type="text" name="href" value={form.href} required inputMode="url" />
          </label>
        </div>
        <PictureField form={form} pictures={props.pictures} />
        <div class="field-row">
          <label>
            Placement
            <select name="placement">
              {PLACEMENTS.map((placement) => (
                <option key={placement} value={placement} selected={form.placement === placement}>
                  {PLACEMENT_LABELS[placement] ?? placement}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>
              Weight <span class="hint">(1–100: how often it is picked among those running)</span>
            </span>
            <input type="number" name="weight" value={form.weight} min={1} max={100} step={1} required />
          </label>
        </div>
        <EditionChoices
          name="editions"
          editions={props.editions}
          checked={form.editions}
          legend="Editions (at least one)"
        />
        <label>
          <span>
            Tags <span class="hint">(names separated by commas; empty: beside every story)</span>
          </span>
          <input type="text" name="tags" value={form.tags} list="promotion-tag-names" autocomplete="off" />
          <datalist id="promotion-tag-names">
            {props.tagNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <details class="tag-names">
          <summary>All tags</summary>
          <p class="hint">{props.tagNames.join(", ")}</p>
        </details>
        <div class="field-row">
          <label>
            <span>
              Starts <span class="hint">({props.timeZone} time; empty: already started)</span>
            </span>
            <input type="datetime-local" name="startsAt" value={form.startsAt} />
          </label>
          <label>
            <span>
              Ends <span class="hint">({props.timeZone} time; empty: no end)</span>
            </span>
            <input type="datetime-local" name="endsAt" value={form.endsAt} />
          </label>
        </div>
        <div>
          <button type="submit">{promotion ? "Save" : "Create promotion"}</button>
        </div>
      </form>

      {promotion ? (
        <>
          <h2>Delete</h2>
          <form method="get" action={`${promotionUrl(promotion.id)}/delete`}>
            <button type="submit" class="danger">
              Delete…
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}

/**
 * The picture: a list of the library's pictures, narrowed by a search that posts the form back
 * (nothing is saved, what was typed stays) so that it works without script.
 */
function PictureField({ form, pictures }: { form: PromotionForm; pictures: readonly PictureChoice[] }) {
  const chosen = pictures.find((picture) => String(picture.id) === form.mediaId);
  return (
    <fieldset class="promotion-picture-field">
      <legend>Picture (optional)</legend>
      {chosen ? <img src={chosen.thumbUrl} alt="" class="promotion-thumb" width={120} /> : null}
      <label>
        Picture from the media library
        <select name="mediaId">
          <option value="">No picture</option>
          {pictures.map((picture) => (
            <option
              key={picture.id}
              value={String(picture.id)}
              selected={String(picture.id) === form.mediaId}
            >
              {picture.label}
            </option>
          ))}
        </select>
      </label>
      <div class="tag-search">
        <label>
          Find pictures
          <input
            type="search"
            name="mediaQuery"
            value={form.mediaQuery}
            placeholder="File name, caption, credit"
          />
        </label>
        <button type="submit" name="intent" value="find-picture" formnovalidate>
          Search
        </button>
      </div>
    </fieldset>
  );
}
