import type { ReactNode } from "react";

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state empty-state">
      <svg className="state-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 7h16v12H4zM4 7l2-3h12l2 3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <h2>{title}</h2>
      {children && <p className="muted">{children}</p>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}
