import { useElementWidth } from "../hooks/use-element-width.js";
import { fillDays, niceMax, type DayCount } from "./chart-data.js";

interface Props {
  series: readonly DayCount[];
  days: number;
  label: string;
  tone?: "accent" | "red" | "green";
}

const H = 160;
const PAD = { top: 8, right: 8, bottom: 22, left: 32 };

/** Counts per day as bars (hand-drawn SVG), with the numbers in a table for screen readers. */
export function DailyBarChart({ series, days, label, tone = "accent" }: Props) {
  const { ref, width: W } = useElementWidth<HTMLElement>(600);
  const data = fillDays(series, days);
  const max = niceMax(Math.max(...data.map((d) => d.count)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / data.length;
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const labelEvery = Math.ceil(data.length / Math.max(2, Math.floor(W / 70)));
  // Grid lines at whole numbers only (a maximum of 1 has no half).
  const ticks = max >= 2 ? [0, 0.5, 1] : [0, 1];
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} className={`chart-svg tone-${tone}`} role="img" aria-label={label}>
        {ticks.map((f) => (
          <g key={f}>
            <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            <text className="axis" x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {data.map((d, i) => (
          <g key={d.day}>
            <rect className="bar" x={PAD.left + i * slot + (slot - barW) / 2} y={y(d.count)} width={barW} height={Math.max(0, PAD.top + innerH - y(d.count))} rx={2}>
              <title>{`${d.day}: ${d.count}`}</title>
            </rect>
            {i % labelEvery === 0 && (
              <text className="axis" x={PAD.left + i * slot + slot / 2} y={H - 6} textAnchor="middle">
                {d.day.slice(5)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
