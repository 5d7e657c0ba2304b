import type { ServerDetail } from "../../api/types.js";
import { fieldId } from "../../forms/use-form.js";

/** Scopes grouped by MCP server, each with the tools it unlocks; a fieldset of checkboxes. */
export function ScopePicker({ servers, selected, onChange, error, disabled }: {
  servers: readonly ServerDetail[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  const withScopes = servers.filter((s) => s.scopes.length > 0);
  return (
    <fieldset className={error ? "field scope-picker has-error" : "field scope-picker"} id={fieldId("scopeIds")} tabIndex={-1} aria-describedby={error ? "scopeIds-error" : undefined}>
      <legend>Scopes</legend>
      {error && (
        <p className="field-error" id="scopeIds-error">
          {error}
        </p>
      )}
      {withScopes.length === 0 && <p className="muted">No MCP server has scopes yet. Register a server and import its tools first.</p>}
      {withScopes.map((server) => (
        <div key={server.id} className="scope-group">
          <p className="scope-group-title">
            {server.name} <span className="muted mono small">{server.resourceUri}</span>
          </p>
          <ul>
            {server.scopes.map((scope) => {
              const tools = server.tools.filter((t) => t.scopeId === scope.id);
              const id = `scope-${scope.id}`;
              return (
                <li key={scope.id}>
                  <input id={id} type="checkbox" checked={selected.includes(scope.id)} disabled={disabled} onChange={(e) => toggle(scope.id, e.target.checked)} />
                  <label htmlFor={id}>
                    <code>{scope.name}</code>
                    {tools.length > 0 && <span className="muted small"> — {tools.map((t) => t.name).join(", ")}</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </fieldset>
  );
}
