/** A quiet placeholder while a page loads (announced politely to screen readers). */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state loading-state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
