import { useState } from "react";
import { serversApi } from "../../api/servers-api.js";
import type { Scope, ServerDetail } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { EmptyState } from "../../components/empty-state.js";
import { ScopeDialog } from "./scope-dialog.js";

/** Scopes and the tools behind each (several tools on one scope form a tool group). */
export function ScopesPanel({ server, onChanged }: { server: ServerDetail; onChanged: () => void }) {
  const [editing, setEditing] = useState<Scope | "new" | undefined>();
  const [deleting, setDeleting] = useState<Scope | undefined>();
  const toolsOf = (scopeId: string) => server.tools.filter((t) => t.scopeId === scopeId);

  return (
    <section aria-labelledby="scopes-heading">
      <div className="panel-header">
        <h2 id="scopes-heading">Scopes and tool groups</h2>
        <div className="panel-actions">
          <button type="button" className="btn" onClick={() => setEditing("new")}>
            Add scope
          </button>
        </div>
      </div>
      {server.scopes.length === 0 ? (
        <EmptyState title="No scopes yet">Scopes are made for you when you import tools, or add them here.</EmptyState>
      ) : (
        <DataTable columns={["Scope", "Tools that require it"]} actions="Actions">
          {server.scopes.map((s) => {
            const tools = toolsOf(s.id);
            return (
              <tr key={s.id}>
                <td>
                  <code className="strong">{s.name}</code>
                  {s.description && <div className="muted small">{s.description}</div>}
                </td>
                <td>
                  {tools.length ? tools.map((t) => <code key={t.id} className="chip">{t.name}</code>) : <span className="muted">none</span>}
                </td>
                <td className="row-actions">
                  <RowButton onClick={() => setEditing(s)} label={`Edit scope ${s.name}`}>
                    Edit
                  </RowButton>
                  <RowButton danger onClick={() => setDeleting(s)} label={`Delete scope ${s.name}`}>
                    Delete
                  </RowButton>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {editing && <ScopeDialog serverId={server.id} scope={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <RowConfirmDialog
        item={deleting}
        title={(s) => `Delete scope ${s.name}?`}
        confirmLabel="Delete scope"
        action={(s) => serversApi.removeScope(s.id)}
        done={(s) => `Scope ${s.name} deleted`}
        onClose={() => setDeleting(undefined)}
        onDone={onChanged}
      >
        {() => <p>A scope can only be deleted when no tool requires it and no role grants it.</p>}
      </RowConfirmDialog>
    </section>
  );
}
