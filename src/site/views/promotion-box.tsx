import type { PromotionRow } from "../../db/schema.ts";
import type { PictureData } from "../../media/picture.ts";
import { Picture } from "../../media/views/picture.tsx";

/**
 * A house promotion: its picture (when it has one) beside headline, text and call to action, read
 * as one line: "Headline - text - action". The picture is decorative here: the text says it all.
 */
export function PromotionBox({
  promotion,
  picture,
  label,
  href = promotion.href,
}: {
  promotion: PromotionRow;
  /** Where the link goes: the click-through address that counts the click, on reader pages. */
  href?: string;
  picture?: PictureData | undefined;
  label: string;
}) {
  return (
    <aside
      class={`promotion promotion-${promotion.placement}${picture ? " promotion-with-picture" : ""}`}
      aria-label={label}
      data-promotion={promotion.id}
    >
      <a href={href} rel="noopener">
        {picture ? (
          <span class="promotion-picture">
            <Picture picture={{ ...picture, alt: "", altLanguage: null }} sizes="8rem" />
          </span>
        ) : null}
        <span class="promotion-words">
          <strong class="promotion-headline">{promotion.headline}</strong>
          {promotion.text ? (
            <>
              {" - "}
              <span class="promotion-text">{promotion.text}</span>
            </>
          ) : null}
          {" - "}
          <span class="promotion-cta">{promotion.cta}</span>
        </span>
      </a>
    </aside>
  );
}
