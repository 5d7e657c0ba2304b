import { useState } from "react";
import { serversApi } from "../../api/servers-api.js";
import type { Scope, ServerDetail } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { EmptyState } from "../../components/empty-state.js";
import { useToast } from "../../components/toasts.js";
import { ScopeDialog } from "./scope-dialog.js";

/** Scopes and the tools behind each (several tools on one scope form a tool group). */
export function ScopesPanel({ server, onChanged }: { server: ServerDetail; onChanged: () => void }) {
  const notify = useToast();
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
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Tools that require it</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(s)} aria-label={`Edit scope ${s.name}`}>
                        Edit
                      </button>
                      <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setDeleting(s)} aria-label={`Delete scope ${s.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing && <ScopeDialog serverId={server.id} scope={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete scope ${deleting?.name ?? ""}?`}
        confirmLabel="Delete scope"
        danger
        onClose={() => setDeleting(undefined)}
        onConfirm={() => serversApi.removeScope(deleting!.id)}
        onDone={() => {
          notify(`Scope ${deleting?.name} deleted`);
          onChanged();
        }}
      >
        <p>A scope can only be deleted when no tool requires it and no role grants it.</p>
      </ConfirmDialog>
    </section>
  );
}
