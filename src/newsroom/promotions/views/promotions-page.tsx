import {
  clickThroughRate,
  type PromotionNumbers,
  type PromotionTally,
} from "../../../audience/promotion-numbers.ts";
import type { ManagedPromotion, PromotionStatus } from "../../../promotions/promotion-manager.ts";
import { isoToZonedLocal } from "../../../shared/time-zone.ts";
import { Notice } from "../../views/form-parts.tsx";

export function promotionUrl(promotionId: number): string {
  return `/newsroom/promotions/${promotionId}`;
}

export const PLACEMENT_LABELS: Record<string, string> = {
  "after-article": "After the article",
  // Stored for the layouts that will have them; the reader site's pages show neither yet.
  sidebar: "Sidebar (not shown on the site yet)",
  banner: "Banner (not shown on the site yet)",
};

const STATUS_LABELS: Record<PromotionStatus, string> = {
  running: "Running",
  scheduled: "Scheduled",
  ended: "Ended",
};

/** An instant as the newsroom reads it: "2026-12-06 14:30" in `timeZone`. */
export function localTime(iso: string, timeZone: string): string {
  return isoToZonedLocal(iso, timeZone).replace("T", " ");
}

/** "from … until …", open ends said as such. */
export function windowText(promotion: ManagedPromotion, timeZone: string): string {
  const from = promotion.startsAt ? localTime(promotion.startsAt, timeZone) : "always";
  const until = promotion.endsAt ? localTime(promotion.endsAt, timeZone) : "no end";
  return `${from} → ${until}`;
}

export interface PromotionsPageProps {
  promotions: readonly ManagedPromotion[];
  /** The default edition's time zone, in which windows are shown. */
  timeZone: string;
  notice?: string | null | undefined;
  /** Impressions and clicks counted on the reader site, by promotion (none: never counted). */
  numbers?: ReadonlyMap<number, PromotionNumbers>;
}

const NO_NUMBERS: PromotionTally = { impressions: 0, clicks: 0 };

/** "1,204 impressions, 37 clicks (3.1%)": a promotion's numbers over a period. */
function NumbersCell({ tally }: { tally: PromotionTally }) {
  return (
    <td class="numbers-cell">
      <span class="impressions">{tally.impressions.toLocaleString("en")}</span>{" "}
      {tally.impressions === 1 ? "impression" : "impressions"},{" "}
      <span class="clicks">{tally.clicks.toLocaleString("en")}</span>{" "}
      {tally.clicks === 1 ? "click" : "clicks"} <span class="ctr">({clickThroughRate(tally)})</span>
    </td>
  );
}

/** /newsroom/promotions: every house promotion, running ones first, with where and when it shows. */
export function PromotionsPage(props: PromotionsPageProps) {
  return (
    <>
      <h1>Promotions</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        House promotions shown to readers after articles: each in the editions ticked, between its start and
        end, and only beside stories with its tags when it has any. Impressions are the reader pages that
        showed it (counted once a reader's page is visible, without cookies; bots left out), clicks the
        readers who followed it.{" "}
        <a href="/newsroom/promotions/new" class="button-link">
          New promotion
        </a>
      </p>
      <div class="table-wrap">
        <table class="promotion-list">
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Editions</th>
              <th scope="col">Placement</th>
              <th scope="col">Window ({props.timeZone})</th>
              <th scope="col">Tags</th>
              <th scope="col">Weight</th>
              <th scope="col">Last 7 days</th>
              <th scope="col">Last 30 days</th>
            </tr>
          </thead>
          <tbody>
            {props.promotions.map((promotion) => (
              <tr key={promotion.id}>
                <td class="title-cell">
                  <a href={promotionUrl(promotion.id)}>{promotion.headline}</a>
                </td>
                <td>
                  <span class={`status promotion-${promotion.status}`}>
                    {STATUS_LABELS[promotion.status]}
                  </span>
                </td>
                <td>{promotion.editions.join(", ")}</td>
                <td>{PLACEMENT_LABELS[promotion.placement] ?? promotion.placement}</td>
                <td class="window-cell">{windowText(promotion, props.timeZone)}</td>
                <td>
                  {promotion.tags.length > 0
                    ? promotion.tags.map((tag) => tag.name).join(", ")
                    : "All stories"}
                </td>
                <td>{promotion.weight}</td>
                <NumbersCell tally={props.numbers?.get(promotion.id)?.last7 ?? NO_NUMBERS} />
                <NumbersCell tally={props.numbers?.get(promotion.id)?.last30 ?? NO_NUMBERS} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.promotions.length === 0 ? <p>No promotions yet.</p> : null}
    </>
  );
}
