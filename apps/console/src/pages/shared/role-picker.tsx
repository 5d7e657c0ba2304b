import type { Role } from "../../api/types.js";
import { fieldId } from "../../forms/use-form.js";

/** Roles as checkboxes, with the scopes each grants. */
export function RolePicker({ roles, selected, onChange, error, legend = "Roles" }: { roles: readonly Role[]; selected: readonly string[]; onChange: (ids: string[]) => void; error?: string | undefined; legend?: string }) {
  return (
    <fieldset className={error ? "field role-picker has-error" : "field role-picker"} id={fieldId("roleIds")} tabIndex={-1}>
      <legend>{legend}</legend>
      {error && <p className="field-error">{error}</p>}
      {roles.length === 0 && <p className="muted">No roles yet.</p>}
      <ul>
        {roles.map((role) => (
          <li key={role.id}>
            <input
              id={`role-${role.id}`}
              type="checkbox"
              checked={selected.includes(role.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, role.id] : selected.filter((r) => r !== role.id))}
            />
            <label htmlFor={`role-${role.id}`}>
              {role.name}
              {role.scopes.length > 0 && <span className="muted small"> — {role.scopes.map((s) => s.name).join(", ")}</span>}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
