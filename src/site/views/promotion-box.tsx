import type { PromotionRow } from "../../db/schema.ts";

/** A house promotion: headline, text and call to action, read as one line: "Headline - text - action". */
export function PromotionBox({ promotion, label }: { promotion: PromotionRow; label: string }) {
  return (
    <aside class={`promotion promotion-${promotion.placement}`} aria-label={label}>
      <a href={promotion.href} rel="noopener">
        <strong class="promotion-headline">{promotion.headline}</strong>
        {promotion.text ? (
          <>
            {" - "}
            <span class="promotion-text">{promotion.text}</span>
          </>
        ) : null}
        {" - "}
        <span class="promotion-cta">{promotion.cta}</span>
      </a>
    </aside>
  );
}
