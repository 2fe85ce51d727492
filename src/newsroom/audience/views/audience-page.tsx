import { PERIODS, type Period } from "../../../audience/reports/audience-period.ts";
import type { AudienceReport } from "../../../audience/reports/audience-reports.ts";
import { BarChart } from "../../charts/bar-chart.tsx";
import { describeSeries, formatCount } from "../../charts/chart-scale.ts";
import { LineChart } from "../../charts/line-chart.tsx";

const PERIOD_LABELS: Record<Period, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

const REFERRER_LABELS: Record<string, string> = {
  search: "Search engines",
  social: "Social networks",
  direct: "Direct (no referrer)",
  internal: "This site's own pages",
  newsletter: "Newsletters",
  other: "Other sites",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface AudiencePageProps {
  report: AudienceReport;
  /** Every edition with its clock, for the picker and the notes on days. */
  editions: readonly { code: string; timeZone: string }[];
}

/** /newsroom/audience: views, top stories, referrers and comments for a period, per edition or all. */
export function AudiencePage({ report, editions }: AudiencePageProps) {
  const period = report.window.period;
  const scope = report.edition === null ? "all editions" : `the ${report.edition} edition`;
  const when = PERIOD_LABELS[period].toLowerCase();
  const labels = bucketLabels(report, editions);
  return (
    <>
      <h1>Audience</h1>
      <form
        method="get"
        action="/newsroom/audience"
        class="filters"
        aria-label="Choose the period and edition"
      >
        <div class="field">
          <label for="audience-period">Period</label>
          <select id="audience-period" name="period">
            {PERIODS.map((choice) => (
              <option key={choice} value={choice} selected={choice === period}>
                {PERIOD_LABELS[choice]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audience-edition">Edition</label>
          <select id="audience-edition" name="edition">
            <option value="">All editions</option>
            {editions.map((edition) => (
              <option key={edition.code} value={edition.code} selected={edition.code === report.edition}>
                {edition.code}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p class="hint" data-clock>
        {report.window.unit === "day"
          ? `Days are each edition's own: ${clocks(editions, report.editions)}.`
          : report.edition === null
            ? "Hours are UTC."
            : `Hours are the ${report.edition} edition's (${clocks(editions, report.editions)}).`}
      </p>

      {report.totalViews === 0 ? (
        <section class="empty-state" aria-labelledby="no-views" data-empty>
          <h2 id="no-views">No views counted yet</h2>
          <p>
            There are no views of {scope} in the {when}. Views are counted when a reader's browser opens an
            article and sends a small beacon: no cookie, no address or browser kept, bots and prefetches left
            out. They are added up by the hour, in batches, so a visit shows here a little after it happened.
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="views-heading" data-section="views">
            <h2 id="views-heading">
              Views{" "}
              <span class="count" data-total-views={report.totalViews}>
                {formatCount(report.totalViews)}
              </span>
            </h2>
            <OverTime
              id="views-chart"
              title={`Views per ${report.window.unit}, ${scope}, ${when}`}
              unit={report.window.unit}
              labels={labels}
              series={report.views}
            />
          </section>

          <section aria-labelledby="stories-heading" data-section="top-stories">
            <h2 id="stories-heading">Top stories</h2>
            <p class="hint">
              {report.topStories.length === 1
                ? `The story most viewed in ${scope}`
                : `The ${report.topStories.length} stories most viewed in ${scope}`}
              ; each bar is cut into the views of each edition of the story (translation reach).
            </p>
            <BarChart
              text={{
                id: "stories-chart",
                title: `Top stories, ${scope}, ${when}, with the views of each edition`,
                description: report.topStories
                  .map(
                    (story, rank) =>
                      `${rank + 1}. ${story.title}: ${report.reachEditions
                        .map((code) => `${code} ${formatCount(story.reach[code] ?? 0)}`)
                        .join(", ")}.`,
                  )
                  .join(" "),
              }}
              categoryHeading="Story"
              categories={report.topStories.map((story) => ({
                label: story.title,
                href: `/newsroom/articles/${story.articleId}/edit`,
              }))}
              series={report.reachEditions.map((code) => ({
                name: code,
                values: report.topStories.map((story) => story.reach[code] ?? 0),
              }))}
            />
          </section>

          <section aria-labelledby="referrers-heading" data-section="referrers">
            <h2 id="referrers-heading">Where readers came from</h2>
            <BarChart
              text={{
                id: "referrers-chart",
                title: `Views by kind of referrer, ${scope}, ${when}`,
                description: report.referrers
                  .map((row) => `${REFERRER_LABELS[row.kind] ?? row.kind}: ${formatCount(row.views)}.`)
                  .join(" "),
              }}
              categoryHeading="Referrer"
              categories={report.referrers.map((row) => ({ label: REFERRER_LABELS[row.kind] ?? row.kind }))}
              series={[{ name: "Views", values: report.referrers.map((row) => row.views) }]}
            />
          </section>
        </>
      )}

      <section aria-labelledby="comments-heading" data-section="comments">
        <h2 id="comments-heading">Comments per {report.window.unit}</h2>
        <p class="hint">Comments readers posted, approved, waiting or rejected; spam left out.</p>
        <OverTime
          id="comments-chart"
          title={`Comments per ${report.window.unit}, ${scope}, ${when}`}
          unit={report.window.unit}
          labels={labels}
          series={report.comments}
        />
      </section>
    </>
  );
}

/** A line per edition over the period's hours or days. */
function OverTime(props: {
  id: string;
  title: string;
  unit: "hour" | "day";
  labels: { table: readonly string[]; axis: readonly string[] };
  series: AudienceReport["views"];
}) {
  const series = props.series.map((s) => ({ name: s.edition, values: s.values }));
  return (
    <LineChart
      text={{ id: props.id, title: props.title, description: describeSeries(series, props.labels.table) }}
      categories={props.labels.table}
      axisLabels={props.labels.axis}
      categoryHeading={props.unit === "day" ? "Day" : "Hour"}
      series={series}
    />
  );
}

function clocks(editions: AudiencePageProps["editions"], codes: readonly string[]): string {
  return editions
    .filter((edition) => codes.includes(edition.code))
    .map((edition) => `${edition.code} ${edition.timeZone}`)
    .join(", ");
}

/**
 * The buckets as the table and the axis name them: days as "2026-12-07" and "7 Dec"; hours on the
 * chosen edition's clock (UTC for all editions) as "2026-12-07 14:00" and "14:00".
 */
function bucketLabels(report: AudienceReport, editions: AudiencePageProps["editions"]) {
  if (report.window.unit === "day") {
    return {
      table: [...report.buckets],
      axis: report.buckets.map((day) => {
        const [, month, date] = day.split("-").map(Number);
        return `${date} ${MONTHS[(month ?? 1) - 1]}`;
      }),
    };
  }
  const timeZone = editions.find((e) => e.code === report.edition)?.timeZone ?? "UTC";
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const table = report.buckets.map((hour) => format.format(new Date(hour)).replace(",", ""));
  return { table, axis: table.map((label) => label.slice(-5)) };
}
