import { CHART_WIDTH, type ChartBasics, type ChartCategory, ChartFrame } from "./chart-frame.tsx";
import { formatCount, seriesClass, valueAxis } from "./chart-scale.ts";

const ROW = 40;
const LABEL = 16;
const BAR = 16;
const TOP = 6;
const RIGHT = 56;
/** Characters of a label drawn in the SVG; the table has the whole of it. */
const LABEL_CHARS = 46;

/**
 * Horizontal bars, one per category, its label above it and its total after it; with several
 * series each bar is cut into one segment per series, in order, a thin gap between segments so that
 * neighbouring colours are told apart.
 */
export function BarChart(props: ChartBasics & { categories: readonly ChartCategory[] }) {
  const { categories, series } = props;
  const height = TOP + categories.length * ROW + 4;
  const totals = categories.map((_, row) => series.reduce((sum, s) => sum + (s.values[row] ?? 0), 0));
  const axis = valueAxis(Math.max(0, ...totals));
  const scale = (value: number) => (value / axis.top) * (CHART_WIDTH - RIGHT);
  return (
    <ChartFrame
      text={props.text}
      width={CHART_WIDTH}
      height={height}
      categoryHeading={props.categoryHeading}
      categories={categories}
      series={series}
      total={series.length > 1}
    >
      {categories.map((category, row) => {
        const top = TOP + row * ROW;
        let start = 0;
        return (
          <g key={`${row}-${category.label}`}>
            <text x="0" y={top + LABEL - 4} class="chart-label chart-strong">
              {category.label.length > LABEL_CHARS
                ? `${category.label.slice(0, LABEL_CHARS - 1)}…`
                : category.label}
            </text>
            {series.map((s, index) => {
              const width = scale(s.values[row] ?? 0);
              const x = start;
              start += width;
              return width > 0 ? (
                <rect
                  key={s.name}
                  class={`chart-fill chart-bar ${seriesClass(index)}`}
                  x={x.toFixed(1)}
                  y={top + LABEL}
                  width={width.toFixed(1)}
                  height={BAR}
                />
              ) : null;
            })}
            <text
              x={(start + 6).toFixed(1)}
              y={top + LABEL + BAR / 2}
              class="chart-label"
              dominant-baseline="middle"
            >
              {formatCount(totals[row] ?? 0)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
