import { CHART_WIDTH, type ChartBasics, ChartFrame } from "./chart-frame.tsx";
import { formatCount, seriesClass, valueAxis } from "./chart-scale.ts";

const HEIGHT = 220;
const LEFT = 46;
const RIGHT = 14;
const TOP = 12;
const BOTTOM = 30;
/** At most this many labels under the axis: more would run into each other on a phone. */
const AXIS_LABELS = 5;

/**
 * Values over time, one line per series, drawn on the server: points marked with a shape per series
 * (circle, square, diamond…) so that lines are told apart without their colour.
 */
export function LineChart(
  props: ChartBasics & {
    /** The time of each value, oldest first, as shown under the axis and in the table. */
    categories: readonly string[];
    /** Shorter labels for under the axis (the table keeps `categories`). */
    axisLabels?: readonly string[];
  },
) {
  const { categories, series } = props;
  const plotWidth = CHART_WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const axis = valueAxis(Math.max(0, ...series.flatMap((s) => s.values.map((value) => value ?? 0))));
  const x = (index: number) =>
    LEFT + (categories.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (categories.length - 1));
  const y = (value: number) => TOP + plotHeight - (value / axis.top) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(categories.length / AXIS_LABELS));
  const axisLabels = props.axisLabels ?? categories;
  return (
    <ChartFrame
      text={props.text}
      width={CHART_WIDTH}
      height={HEIGHT}
      categoryHeading={props.categoryHeading}
      categories={categories.map((label) => ({ label }))}
      series={series}
      total={series.length > 1}
    >
      <g class="chart-grid">
        {axis.ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={CHART_WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} class="chart-label" text-anchor="end" dominant-baseline="middle">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {categories.map((_, index) =>
          // The newest is always labelled: readers look there first.
          (categories.length - 1 - index) % labelEvery === 0 ? (
            <text
              key={`x${index}`}
              x={x(index)}
              y={HEIGHT - 8}
              class="chart-label"
              text-anchor={index === categories.length - 1 ? "end" : "middle"}
            >
              {axisLabels[index]}
            </text>
          ) : null,
        )}
      </g>
      {series.map((s, index) => (
        <g key={s.name} class={`chart-series ${seriesClass(index)}`}>
          {runs(s.values).map((run) => (
            <polyline
              key={`run${run[0]?.at}`}
              class="chart-line"
              points={run.map(({ at, value }) => `${x(at).toFixed(1)},${y(value).toFixed(1)}`).join(" ")}
            />
          ))}
          {s.values.map((value, at) =>
            value === null ? null : <Mark key={`${at}`} shape={index} cx={x(at)} cy={y(value)} />,
          )}
        </g>
      ))}
    </ChartFrame>
  );
}

/** The stretches of a series between its gaps (nulls), each point with its position. */
function runs(values: readonly (number | null)[]): { at: number; value: number }[][] {
  const found: { at: number; value: number }[][] = [];
  let current: { at: number; value: number }[] = [];
  values.forEach((value, at) => {
    if (value === null) {
      if (current.length) found.push(current);
      current = [];
    } else current.push({ at, value });
  });
  if (current.length) found.push(current);
  return found;
}

/** A point's mark: the series' own shape. */
function Mark({ shape, cx, cy }: { shape: number; cx: number; cy: number }) {
  const r = 3;
  switch (shape % 3) {
    case 0:
      return <circle class="chart-mark" cx={cx.toFixed(1)} cy={cy.toFixed(1)} r={r} />;
    case 1:
      return (
        <rect
          class="chart-mark"
          x={(cx - r).toFixed(1)}
          y={(cy - r).toFixed(1)}
          width={2 * r}
          height={2 * r}
        />
      );
    default:
      return (
        <polygon
          class="chart-mark"
          points={`${cx.toFixed(1)},${(cy - r - 1).toFixed(1)} ${(cx + r + 1).toFixed(1)},${cy.toFixed(1)} ${cx.toFixed(1)},${(cy + r + 1).toFixed(1)} ${(cx - r - 1).toFixed(1)},${cy.toFixed(1)}`}
        />
      );
  }
}
