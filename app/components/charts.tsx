import { useId } from "react";

/**
 * Small charts rendered on the server as inline SVG: no chart library, no client JavaScript.
 * Every chart is labelled by its <title> and <desc> (role="img", or role="group" when its marks
 * are links to the lists behind them, each link with its own label), and comes with a data table
 * (in a <details>) for screen readers, keyboard users and printing.
 */

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  values: number[];
  /** One link per value (the list behind the mark). */
  hrefs?: (string | null)[];
}

const AXIS = "#57606a";
const GRID = "#d0d7de";

/** A round axis maximum ≥ value with 4 even steps. */
export function niceMax(value: number): number {
  if (value <= 4) return 4;
  const raw = value / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return step * 4;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Grouped vertical bars over labelled buckets (trends). */
export function BarChart({
  title,
  description,
  labels,
  series,
  tableCaption,
  labelHeader,
}: {
  title: string;
  description: string;
  labels: string[];
  series: ChartSeries[];
  tableCaption: string;
  labelHeader: string;
}) {
  const id = useId();
  const width = 760;
  const height = 260;
  const left = 44;
  const right = 8;
  const top = 12;
  const bottom = 46;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const groupW = labels.length ? plotW / labels.length : plotW;
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const total = series.reduce((a, s) => a + s.values.reduce((x, v) => x + v, 0), 0);
  // With links inside, the chart is a labelled group (an image may not hold interactive parts).
  const linked = series.some((s) => s.hrefs?.some((h, i) => h && (s.values[i] ?? 0) > 0));
  return (
    <figure className="chart" data-chart="bar" data-points={labels.length} data-total={total}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role={linked ? "group" : "img"}
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {[0, 1, 2, 3, 4].map((i) => {
          const v = (max / 4) * i;
          return (
            <g key={i}>
              <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke={GRID} />
              <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill={AXIS}>
                {fmt(v)}
              </text>
            </g>
          );
        })}
        {labels.map((label, i) => {
          const x0 = left + i * groupW + groupW * 0.1;
          return (
            <g key={label}>
              {series.map((s, j) => {
                const v = s.values[i] ?? 0;
                const h = Math.max(v > 0 ? 1 : 0, (v / max) * plotH);
                const rect = (
                  <rect
                    key={s.key}
                    x={x0 + j * barW}
                    y={top + plotH - h}
                    width={Math.max(1, barW - 1)}
                    height={h}
                    fill={s.color}
                    data-value={v}
                  >
                    <title>{`${label} · ${s.label}: ${v}`}</title>
                  </rect>
                );
                const href = s.hrefs?.[i];
                return href && v > 0 ? (
                  <a key={s.key} href={href} aria-label={`${label} · ${s.label}: ${v}`}>
                    {rect}
                  </a>
                ) : (
                  <g key={s.key}>{rect}</g>
                );
              })}
              {i % every === 0 ? (
                <text
                  x={x0 + (groupW * 0.8) / 2}
                  y={height - bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill={AXIS}
                >
                  {label.length > 7 ? label.slice(5) : label}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} stroke={AXIS} />
        <g>
          {series.map((s, j) => (
            <g key={s.key} transform={`translate(${left + j * 140}, ${height - 14})`}>
              <rect width="12" height="12" y="-10" fill={s.color} />
              <text x="16" fontSize="12" fill="#1f2328">
                {s.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <DataTable caption={tableCaption} labelHeader={labelHeader} labels={labels} series={series} />
    </figure>
  );
}

/** Horizontal bars, one per row, each with its linked number (breakdowns, backlog). */
export function HBarChart({
  title,
  description,
  rows,
  tableCaption,
  labelHeader,
  valueHeader,
}: {
  title: string;
  description: string;
  rows: { key: string; label: string; value: number; href?: string | null; color?: string }[];
  tableCaption: string;
  labelHeader: string;
  valueHeader: string;
}) {
  const id = useId();
  const width = 520;
  const rowH = 26;
  const labelW = 150;
  const valueW = 56;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const linked = rows.some((r) => r.href && r.value > 0);
  return (
    <figure
      className="chart"
      data-chart="hbar"
      data-points={rows.length}
      data-total={rows.reduce((a, r) => a + r.value, 0)}
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role={linked ? "group" : "img"}
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {rows.map((r, i) => {
          const w = ((width - labelW - valueW - 8) * r.value) / max;
          const yy = 4 + i * rowH;
          const bar = (
            <rect
              key={r.key}
              x={labelW}
              y={yy + 4}
              width={Math.max(r.value > 0 ? 2 : 0, w)}
              height={rowH - 10}
              fill={r.color ?? "#0a58ca"}
              data-value={r.value}
            >
              <title>{`${r.label}: ${r.value}`}</title>
            </rect>
          );
          return (
            <g key={r.key}>
              <text
                x={labelW - 8}
                y={yy + rowH / 2 + 4}
                textAnchor="end"
                fontSize="12"
                fill="#1f2328"
              >
                {r.label}
              </text>
              {r.href && r.value > 0 ? (
                <a href={r.href} aria-label={`${r.label}: ${r.value}`}>
                  {bar}
                </a>
              ) : (
                bar
              )}
              <text
                x={labelW + Math.max(2, w) + 6}
                y={yy + rowH / 2 + 4}
                fontSize="12"
                fill="#1f2328"
              >
                {r.value}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-data">
        <summary>{tableCaption}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{r.href && r.value > 0 ? <a href={r.href}>{r.value}</a> : r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The numbers behind a chart as a table, folded away under a summary. */
function DataTable({
  caption,
  labelHeader,
  labels,
  series,
}: {
  caption: string;
  labelHeader: string;
  labels: string[];
  series: ChartSeries[];
}) {
  return (
    <details className="chart-data">
      <summary>{caption}</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => {
                  const v = s.values[i] ?? 0;
                  const href = s.hrefs?.[i];
                  return <td key={s.key}>{href && v > 0 ? <a href={href}>{v}</a> : v}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** A tiny trend line with its values in the accessible name. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values
    .map(
      (v, i) =>
        `${(2 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
    )
    .join(" ");
  const last = values.length ? values[values.length - 1]! : 0;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${values.join(", ")}`}
      data-values={values.join(",")}
    >
      <polyline points={points} fill="none" stroke="#a8201a" strokeWidth="1.5" />
      {values.length ? (
        <circle
          cx={2 + (values.length - 1) * step}
          cy={height - 2 - (last / max) * (height - 4)}
          r="2"
          fill="#a8201a"
        />
      ) : null}
    </svg>
  );
}

/**
 * Background of a heat-map cell: white to a mid red (square-root scale so small counts show).
 * The darkest shade still gives dark text 5:1 contrast, so text colour never has to flip.
 */
export function heatColor(value: number, max: number): { background: string; color: string } {
  if (value <= 0 || max <= 0) return { background: "#ffffff", color: "#57606a" };
  const t = Math.sqrt(value / max);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return {
    background: `rgb(${mix(255, 236)}, ${mix(247, 112)}, ${mix(245, 99)})`,
    color: "#1f2328",
  };
}
