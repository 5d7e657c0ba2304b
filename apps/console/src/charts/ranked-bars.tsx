import type { ReactNode } from "react";

export interface RankedItem {
  key: string;
  label: ReactNode;
  sublabel?: string | null;
  count: number;
}

/** A ranked list with proportional bars (top clients, denials by tool). */
export function RankedBars({ items, label, tone = "accent" }: { items: readonly RankedItem[]; label: string; tone?: "accent" | "red" }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <ol className={`ranked tone-${tone}`} aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <div className="ranked-text">
            <span className="ranked-label">{item.label}</span>
            {item.sublabel && <span className="ranked-sub muted">{item.sublabel}</span>}
          </div>
          <div className="ranked-bar-track" aria-hidden="true">
            <div className="ranked-bar" style={{ width: `${(item.count / max) * 100}%` }} />
          </div>
          <span className="ranked-count">{item.count}</span>
        </li>
      ))}
    </ol>
  );
}
