/**
 * A series of a chart: its name (shown in the legend and the table's heading) and one value per
 * category; null where the series has no value (not 0: a line leaves a gap, the table a dash).
 */
export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
}

/** The colours and marks are classes (newsroom.css), for light and dark mode; there are this many. */
export const SERIES_STYLES = 5;

export function seriesClass(index: number): string {
  return `chart-s${index % SERIES_STYLES}`;
}

/**
 * A round top for the value axis (1, 2 or 5 times a power of ten at or above `max`) and its ticks,
 * from 0: a reader compares bars and lines against round numbers.
 */
export function valueAxis(max: number, tickCount = 4): { top: number; ticks: number[] } {
  if (max <= 0) return { top: tickCount, ticks: Array.from({ length: tickCount + 1 }, (_, i) => i) };
  const rough = max / tickCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? rough;
  const whole = Math.max(1, Math.ceil(step));
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => i * whole);
  return { top: whole * tickCount, ticks };
}

/** Numbers as people read them: 12 345. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat("en-GB").format(value);
}

/** A sentence on each series for the chart's description: its total and its highest point. */
export function describeSeries(series: readonly ChartSeries[], categories: readonly string[]): string {
  return series
    .map((s) => {
      const total = s.values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
      if (total === 0) return `${s.name}: none.`;
      const peak = Math.max(...s.values.map((value) => value ?? 0));
      const at = categories[s.values.indexOf(peak)] ?? "";
      return `${s.name}: ${formatCount(total)} in all, most ${formatCount(peak)} (${at}).`;
    })
    .join(" ");
}
