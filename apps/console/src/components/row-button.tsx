import type { ReactNode } from "react";

interface RowButtonProps {
  /** What it does to which row, for screen readers ("Revoke consent of alice@… for …"). */
  label: string;
  onClick: () => void;
  danger?: boolean;
  /** A quiet (ghost) button, the default; false for the row's main action (Approve). */
  ghost?: boolean;
  disabled?: boolean;
  children: ReactNode;
}

/** A small button acting on one row of a table or list (Edit, Remove, Revoke…). */
export function RowButton({ label, onClick, danger, ghost = true, disabled, children }: RowButtonProps) {
  const className = ["btn", "btn-small", ghost && "btn-ghost", danger && "danger"].filter(Boolean).join(" ");
  return (
    <button type="button" className={className} onClick={onClick} disabled={disabled} aria-label={label}>
      {children}
    </button>
  );
}
