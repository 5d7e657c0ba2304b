import { useId, useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/api-error.js";
import { ActionError } from "../../components/action-error.js";
import { useToast } from "../../components/toasts.js";
import { useRoles } from "./use-role-options.js";

interface BoundRolesProps<T> {
  bound: readonly { id: string; name: string }[];
  bind: (roleId: string) => Promise<T>;
  unbind: (roleId: string) => Promise<T>;
  onChanged: (record: T) => void;
  description: string;
  empty: string;
}

/** A client's or user's roles: bind and unbind one at a time (each change is audited on its own). */
export function BoundRoles<T>({ bound, bind, unbind, onChanged, description, empty }: BoundRolesProps<T>) {
  const notify = useToast();
  const roles = useRoles();
  const [adding, setAdding] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const selectId = useId();
  const available = (roles.data ?? []).filter((r) => !bound.some((b) => b.id === r.id));

  const run = async (action: () => Promise<T>, message: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action());
      notify(message);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card section-card" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>Roles</h2>
      <p className="muted small">{description}</p>
      <ActionError error={error} />
      {bound.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="bound-list" aria-label="Bound roles">
          {bound.map((r) => (
            <li key={r.id}>
              <Link to={`/roles/${r.id}`}>{r.name}</Link>
              <button type="button" className="btn btn-small btn-ghost danger" disabled={busy} onClick={() => void run(() => unbind(r.id), `Role ${r.name} removed`)} aria-label={`Remove role ${r.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const role = available.find((r) => r.id === adding);
          if (role) void run(() => bind(role.id), `Role ${role.name} added`).then((ok) => ok && setAdding(""));
        }}
      >
        <label htmlFor={selectId}>Add a role</label>
        <select id={selectId} value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">Choose a role…</option>
          {available.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn" disabled={!adding || busy}>
          Add role
        </button>
      </form>
    </section>
  );
}
