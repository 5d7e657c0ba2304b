/** A record's roles as chips, or "none". */
export function RoleChips({ roles }: { roles: readonly { id: string; name: string }[] }) {
  if (!roles.length) return <span className="muted">none</span>;
  return (
    <>
      {roles.map((r) => (
        <span key={r.id} className="chip">
          {r.name}
        </span>
      ))}
    </>
  );
}
