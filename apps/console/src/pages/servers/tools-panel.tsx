import { useState } from "react";
import { serversApi } from "../../api/servers-api.js";
import type { ServerDetail, Tool } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { Badge } from "../../components/badge.js";
import { EmptyState } from "../../components/empty-state.js";
import { ImportToolsDialog } from "./import-tools-dialog.js";
import { ToolDialog } from "./tool-dialog.js";

export function ToolsPanel({ server, onChanged }: { server: ServerDetail; onChanged: () => void }) {
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
        <DataTable columns={["Tool", "Required scope", { label: "Description", className: "hide-sm" }]} actions="Actions">
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
                <RowButton onClick={() => setEditing(t)} label={`Edit tool ${t.name}`}>
                  Edit
                </RowButton>
                <RowButton danger onClick={() => setDeleting(t)} label={`Delete tool ${t.name}`}>
                  Delete
                </RowButton>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ImportToolsDialog server={server} open={importing} onClose={() => setImporting(false)} onImported={onChanged} />
      {editing && <ToolDialog server={server} tool={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <RowConfirmDialog
        item={deleting}
        title={(t) => `Delete tool ${t.name}?`}
        confirmLabel="Delete tool"
        action={(t) => serversApi.removeTool(t.id)}
        done={(t) => `Tool ${t.name} deleted`}
        onClose={() => setDeleting(undefined)}
        onDone={onChanged}
      >
        {() => <p>Toolgate will no longer know which scope this tool requires. Its scope stays.</p>}
      </RowConfirmDialog>
    </section>
  );
}
