import { useState } from "react";
import { Link } from "react-router";
import { rolesApi } from "../../api/roles-api.js";
import type { Role } from "../../api/types.js";
import { Badge } from "../../components/badge.js";
import { PageHeader } from "../../components/page-header.js";
import { DeleteRecordDialog } from "../shared/delete-record-dialog.js";
import { RoleBindings } from "./role-bindings.js";
import { RecordRoute } from "../shared/record-route.js";

export function RoleDetailPage() {
  return (
    <RecordRoute load={rolesApi.get} list={{ href: "/roles", label: "All roles" }}>
      {(r) => <RoleView role={r} />}
    </RecordRoute>
  );
}

function RoleView({ role }: { role: Role }) {
  const [deleting, setDeleting] = useState(false);
  const byServer = new Map<string, { name: string; resourceUri: string; scopes: string[] }>();
  for (const s of role.scopes) {
    const entry = byServer.get(s.serverId) ?? { name: s.serverName, resourceUri: s.resourceUri, scopes: [] };
    entry.scopes.push(s.name);
    byServer.set(s.serverId, entry);
  }
  return (
    <>
      <PageHeader
        title={role.name}
        back={{ to: "/roles", label: "Roles" }}
        badges={role.builtIn ? <Badge>built-in</Badge> : undefined}
        description={role.description || undefined}
        actions={
          <>
            <Link className="btn" to={`/roles/${role.id}/edit`}>
              Edit
            </Link>
            {!role.builtIn && (
              <button type="button" className="btn btn-danger-outline" onClick={() => setDeleting(true)}>
                Delete
              </button>
            )}
          </>
        }
      />
      <section className="card section-card" aria-labelledby="scopes-heading">
        <h2 id="scopes-heading">Scopes ({role.scopes.length})</h2>
        {byServer.size === 0 ? (
          <p className="muted">This role grants no scope yet.</p>
        ) : (
          <div className="scope-servers">
            {[...byServer.entries()].map(([serverId, s]) => (
              <div key={serverId} className="scope-server">
                <p>
                  <Link to={`/servers/${serverId}`}>{s.name}</Link> <span className="muted mono small">{s.resourceUri}</span>
                </p>
                <div>
                  {s.scopes.map((name) => (
                    <code key={name} className="chip">
                      {name}
                    </code>
                  ))}
                </div>
              </div>
            ))}
          </div>
        )}
      </section>
      <RoleBindings role={role} />
      <DeleteRecordDialog
        open={deleting}
        name={`role ${role.name}`}
        doneMessage={`Role ${role.name} deleted`}
        confirmLabel="Delete role"
        remove={() => rolesApi.remove(role.id)}
        listHref="/roles"
        onClose={() => setDeleting(false)}
      >
        <p>
          It is unbound from {role.clientCount} clients and {role.userCount} users, who lose its scopes on their next token. Servers that give it by default stop doing so.
        </p>
      </DeleteRecordDialog>
    </>
  );
}
