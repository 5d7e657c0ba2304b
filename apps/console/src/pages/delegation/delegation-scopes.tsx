import type { ControlProps } from "../../forms/fields.js";
import { useAllServerDetails } from "../shared/use-all-scopes.js";

/**
 * A delegation's scopes as checkboxes, grouped by MCP server (chosen by name, as the delegation
 * stores them). Chosen names no server has any more stay listed, so they can be removed.
 */
export function DelegationScopes({ control, selected, onChange }: { control: ControlProps; selected: readonly string[]; onChange: (scopes: string[]) => void }) {
  const servers = useAllServerDetails();
  const withScopes = (servers.data ?? []).filter((s) => s.scopes.length > 0);
  const known = new Set(withScopes.flatMap((s) => s.scopes.map((x) => x.name)));
  const gone = selected.filter((s) => !known.has(s));
  const toggle = (name: string, on: boolean) => onChange(on ? [...new Set([...selected, name])] : selected.filter((s) => s !== name));
  const check = (name: string) => (
    <label key={name} className="inline-check">
      <input type="checkbox" checked={selected.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
      <code>{name}</code>
    </label>
  );
  return (
    <div className="checkbox-list" id={control.id} tabIndex={-1} role="group" aria-label="Scopes" aria-describedby={control["aria-describedby"]}>
      {servers.loading ? (
        <p className="muted">Loading scopes…</p>
      ) : servers.error ? (
        <p className="field-error">The MCP servers' scopes could not be loaded.</p>
      ) : withScopes.length === 0 && gone.length === 0 ? (
        <p className="muted">No MCP server has scopes yet.</p>
      ) : (
        <>
          {withScopes.map((server) => (
            <div key={server.id} className="scope-group">
              <p className="scope-group-title">{server.name}</p>
              {server.scopes.map((s) => check(s.name))}
            </div>
          ))}
          {gone.length > 0 && (
            <div className="scope-group">
              <p className="scope-group-title">No longer on any MCP server</p>
              {gone.map(check)}
            </div>
          )}
        </>
      )}
    </div>
  );
}
