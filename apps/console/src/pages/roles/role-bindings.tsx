import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import { serversApi } from "../../api/servers-api.js";
import { settingsApi } from "../../api/settings-api.js";
import { usersApi } from "../../api/users-api.js";
import type { Role } from "../../api/types.js";
import { KindBadge, StatusBadge } from "../../components/badge.js";
import { Loadable } from "../../components/loadable.js";
import { useResource } from "../../hooks/use-resource.js";

/** Where a role is bound: clients, users, servers that give it by default, the registration default. */
export function RoleBindings({ role }: { role: Role }) {
  const bindings = useResource(async (signal) => {
    const [clients, users, servers, settings] = await Promise.all([
      clientsApi.list({ roleId: role.id, pageSize: 50 }, signal),
      usersApi.list({ roleId: role.id, pageSize: 50 }, signal),
      serversApi.list({ pageSize: 200 }, signal),
      settingsApi.get(signal),
    ]);
    return { clients, users, defaultFor: servers.items.filter((s) => s.defaultRoleId === role.id), registrationDefault: settings.registrationDefaultRoleId === role.id };
  }, [role.id, role.version]);

  return (
    <section aria-labelledby="bindings-heading" className="card section-card">
      <h2 id="bindings-heading">Where this role is bound</h2>
      <Loadable resource={bindings}>
        {(b) => (
          <div className="bindings">
            <div>
              <h3>Given automatically</h3>
              {b.defaultFor.length === 0 && !b.registrationDefault ? (
                <p className="muted">Not a default role.</p>
              ) : (
                <ul className="plain-list">
                  {b.registrationDefault && (
                    <li>
                      Every self-registered client (<Link to="/settings">registration default</Link>)
                    </li>
                  )}
                  {b.defaultFor.map((s) => (
                    <li key={s.id}>
                      Self-registered clients of <Link to={`/servers/${s.id}`}>{s.name}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <h3>Clients ({b.clients.total})</h3>
              {b.clients.items.length === 0 ? (
                <p className="muted">No client holds this role.</p>
              ) : (
                <ul className="plain-list">
                  {b.clients.items.map((c) => (
                    <li key={c.id}>
                      <Link to={`/clients/${encodeURIComponent(c.id)}`}>{c.name || c.id}</Link> <KindBadge kind={c.kind} /> {c.status !== "active" && <StatusBadge status={c.status} />}
                    </li>
                  ))}
                  {b.clients.total > b.clients.items.length && (
                    <li>
                      <Link to={`/clients?roleId=${role.id}`}>All {b.clients.total} clients</Link>
                    </li>
                  )}
                </ul>
              )}
            </div>
            <div>
              <h3>Users ({b.users.total})</h3>
              {b.users.items.length === 0 ? (
                <p className="muted">No user holds this role.</p>
              ) : (
                <ul className="plain-list">
                  {b.users.items.map((u) => (
                    <li key={u.id}>
                      <Link to={`/users/${u.id}`}>{u.email}</Link> {u.status !== "active" && <StatusBadge status={u.status} />}
                    </li>
                  ))}
                  {b.users.total > b.users.items.length && (
                    <li>
                      <Link to={`/users?roleId=${role.id}`}>All {b.users.total} users</Link>
                    </li>
                  )}
                </ul>
              )}
            </div>
          </div>
        )}
      </Loadable>
    </section>
  );
}
