import type { ReactNode } from "react";

/** A column heading: its text, or the text with a class (`hide-sm`, `num`) and a tooltip. */
export type Column = string | { label: string; className?: string; title?: string };

interface DataTableProps {
  /** Headings in order; `false` leaves a column out (a section hides the one it is about). */
  columns: readonly (Column | false)[];
  /** A last column for row buttons, named for screen readers only ("Actions", "Decision"). */
  actions?: string;
  className?: string;
  /** The rows (`<tr>`). */
  children: ReactNode;
}

/** A list as a table that scrolls sideways on its own when it is wider than the page. */
export function DataTable({ columns, actions, className = "table", children }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c, i) =>
              c === false ? null : typeof c === "string" ? (
                <th key={i} scope="col">
                  {c}
                </th>
              ) : (
                <th key={i} scope="col" className={c.className} title={c.title}>
                  {c.label}
                </th>
              ),
            )}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
