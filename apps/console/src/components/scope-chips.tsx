/** Scope names as code chips; `empty` when there are none. */
export function ScopeChips({ scopes, empty = "none" }: { scopes: readonly string[]; empty?: string }) {
  if (!scopes.length) return <span className="muted">{empty}</span>;
  return (
    <>
      {scopes.map((s) => (
        <code key={s} className="chip">
          {s}
        </code>
      ))}
    </>
  );
}
