import type { ComponentChildren } from "preact";
import { type ChartSeries, formatCount, seriesClass } from "./chart-scale.ts";

/** What every chart is told: an id unique on the page, a title and a description for assistive technology. */
export interface ChartText {
  id: string;
  /** Short: the SVG's <title>. */
  title: string;
  /** What the chart shows, in words (its <desc>); the numbers are in the table behind it. */
  description: string;
}

/**
 * The width of every chart's drawing, in its own units: the SVG scales to the column, so a phone
 * draws it at about two thirds (newsroom.css enlarges the labels there).
 */
export const CHART_WIDTH = 480;

/** What every kind of chart is given: its words, the heading of its table's first column, its series. */
export interface ChartBasics {
  text: ChartText;
  categoryHeading: string;
  series: readonly ChartSeries[];
}

/** One category of a chart's table: its label, and a link when it stands for something in the newsroom. */
export interface ChartCategory {
  label: string;
  href?: string | undefined;
}

/**
 * A chart as a figure: the SVG (an image with a title and a description, its marks hidden from
 * assistive technology), a legend in text when there are several series, and the same numbers in a
 * table inside <details>, which is what a screen reader and a copy-paste use.
 */
/** A table cell's value: a dash where the series has none. */
function valueText(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : formatCount(value);
}

export function ChartFrame(props: {
  text: ChartText;
  width: number;
  height: number;
  categoryHeading: string;
  categories: readonly ChartCategory[];
  series: readonly ChartSeries[];
  /** A total column after the series (several series). */
  total?: boolean;
  children: ComponentChildren;
}) {
  const { text, series } = props;
  return (
    <figure class="chart" id={text.id}>
      <svg
        class="chart-svg"
        role="img"
        aria-labelledby={`${text.id}-title ${text.id}-desc`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${text.id}-title`}>{text.title}</title>
        <desc id={`${text.id}-desc`}>{text.description}</desc>
        {props.children}
      </svg>
      {series.length > 1 ? (
        <ul class="chart-legend">
          {series.map((s, index) => (
            <li key={s.name}>
              <svg class="chart-key" viewBox="0 0 24 12" aria-hidden="true" focusable="false">
                <rect x="0" y="2" width="24" height="8" class={`chart-fill ${seriesClass(index)}`} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      <details class="chart-numbers">
        <summary>The numbers: {text.title}</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{props.categoryHeading}</th>
                {series.map((s) => (
                  <th scope="col" class="num" key={s.name}>
                    {s.name}
                  </th>
                ))}
                {props.total ? (
                  <th scope="col" class="num">
                    Total
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.categories.map((category, row) => (
                <tr key={`${row}-${category.label}`}>
                  <th scope="row">
                    {category.href ? <a href={category.href}>{category.label}</a> : category.label}
                  </th>
                  {series.map((s) => (
                    <td class="num" key={s.name} data-series={s.name}>
                      {valueText(s.values[row])}
                    </td>
                  ))}
                  {props.total ? (
                    <td class="num" data-series="total">
                      {formatCount(series.reduce((sum, s) => sum + (s.values[row] ?? 0), 0))}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
