import { useId, useState } from "react";
import { Link } from "react-router";
import { ActionError } from "../../components/action-error.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { useToast } from "../../components/toasts.js";
import { useAction } from "../../hooks/use-action.js";
import { useRoles } from "./use-role-options.js";

interface BoundRolesProps<T> {
  /** The client or user, with the roles bound to it. */
  owner: { id: string; roles: readonly { id: string; name: string }[] };
  /** Its API (clientsApi, usersApi): binding answers with the changed record. */
  api: { bindRole: (id: string, roleId: string) => Promise<T>; unbindRole: (id: string, roleId: string) => Promise<T> };
  onChanged: (record: T) => void;
  description: string;
  empty: string;
}

/** A client's or user's roles: bind and unbind (after confirmation) one at a time (each change is audited on its own). */
export function BoundRoles<T>({ owner, api, onChanged, description, empty }: BoundRolesProps<T>) {
  const bound = owner.roles;
  const notify = useToast();
  const roles = useRoles();
  const [adding, setAdding] = useState("");
  const [removing, setRemoving] = useState<{ id: string; name: string }>();
  const { busy, error, run: runAction } = useAction();
  const selectId = useId();
  const available = (roles.data ?? []).filter((r) => !bound.some((b) => b.id === r.id));

  const run = (action: () => Promise<T>, message: string) =>
    runAction(async () => {
      onChanged(await action());
      notify(message);
    });

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
              <button type="button" className="btn btn-small btn-ghost danger" disabled={busy} onClick={() => setRemoving(r)} aria-label={`Remove role ${r.name}`}>
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
          if (role) void run(() => api.bindRole(owner.id, role.id), `Role ${role.name} added`).then((ok) => ok && setAdding(""));
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
      <RowConfirmDialog
        item={removing}
        title={(r) => `Remove role ${r.name}?`}
        confirmLabel="Remove role"
        action={async (r) => onChanged(await api.unbindRole(owner.id, r.id))}
        done={(r) => `Role ${r.name} removed`}
        onClose={() => setRemoving(undefined)}
      >
        {(r) => (
          <>
            <p>
              Tokens issued from now on no longer carry the scopes that only <strong>{r.name}</strong> granted here.
            </p>
            <p className="muted">You can add the role again at any time.</p>
          </>
        )}
      </RowConfirmDialog>
    </section>
  );
}
