import { useState } from "react";
import { serversApi } from "../../api/servers-api.js";
import type { ServerDetail, Tool } from "../../api/types.js";
import { Badge } from "../../components/badge.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { EmptyState } from "../../components/empty-state.js";
import { useToast } from "../../components/toasts.js";
import { ImportToolsDialog } from "./import-tools-dialog.js";
import { ToolDialog } from "./tool-dialog.js";

export function ToolsPanel({ server, onChanged }: { server: ServerDetail; onChanged: () => void }) {
  const notify = useToast();
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<Tool | "new" | undefined>();
  const [deleting, setDeleting] = useState<Tool | undefined>();

  const actions = (
    <div className="panel-actions">
      <button type="button" className="btn" onClick={() => setEditing("new")}>
        Add tool
      </button>
      <button type="button" className="btn btn-primary" onClick={() => setImporting(true)}>
        Import from tools/list
      </button>
    </div>
  );

  return (
    <section aria-labelledby="tools-heading">
      <div className="panel-header">
        <h2 id="tools-heading">Tools</h2>
        {actions}
      </div>
      {server.tools.length === 0 ? (
        <EmptyState title="No tools yet">Paste this server's tools/list result to import its tools and make scopes for them in one step.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Required scope</th>
                <th scope="col" className="hide-sm">Description</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {server.tools.map((t) => (
                <tr key={t.id}>
                  <td>
                    <code className="strong">{t.name}</code> {t.readOnly ? <Badge tone="green">read-only</Badge> : <Badge tone="amber">writes</Badge>}
                    {t.title && <div className="muted small">{t.title}</div>}
                  </td>
                  <td>
                    <code className="chip">{t.scopeName}</code>
                  </td>
                  <td className="hide-sm muted small clamp">{t.description}</td>
                  <td className="row-actions">
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(t)} aria-label={`Edit tool ${t.name}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setDeleting(t)} aria-label={`Delete tool ${t.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ImportToolsDialog server={server} open={importing} onClose={() => setImporting(false)} onImported={onChanged} />
      {editing && <ToolDialog server={server} tool={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete tool ${deleting?.name ?? ""}?`}
        confirmLabel="Delete tool"
        danger
        onClose={() => setDeleting(undefined)}
        onConfirm={() => serversApi.removeTool(deleting!.id)}
        onDone={() => {
          notify(`Tool ${deleting?.name} deleted`);
          onChanged();
        }}
      >
        <p>Toolgate will no longer know which scope this tool requires. Its scope stays.</p>
      </ConfirmDialog>
    </section>
  );
}
