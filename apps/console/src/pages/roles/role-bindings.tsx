import type { ReactNode } from "react";
import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import { serversApi } from "../../api/servers-api.js";
import { settingsApi } from "../../api/settings-api.js";
import { usersApi } from "../../api/users-api.js";
import type { Page, Role } from "../../api/types.js";
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
            <HoldersList title="Clients" noun="clients" page={b.clients} allHref={`/clients?roleId=${role.id}`} empty="No client holds this role.">
              {(c) => (
                <li key={c.id}>
                  <Link to={`/clients/${encodeURIComponent(c.id)}`}>{c.name || c.id}</Link> <KindBadge kind={c.kind} /> {c.status !== "active" && <StatusBadge status={c.status} />}
                </li>
              )}
            </HoldersList>
            <HoldersList title="Users" noun="users" page={b.users} allHref={`/users?roleId=${role.id}`} empty="No user holds this role.">
              {(u) => (
                <li key={u.id}>
                  <Link to={`/users/${u.id}`}>{u.email}</Link> {u.status !== "active" && <StatusBadge status={u.status} />}
                </li>
              )}
            </HoldersList>
          </div>
        )}
      </Loadable>
    </section>
  );
}

/** The first holders of the role, with a link to all of them when there are more. */
function HoldersList<T>({ title, noun, page, allHref, empty, children }: { title: string; noun: string; page: Page<T>; allHref: string; empty: string; children: (item: T) => ReactNode }) {
  return (
    <div>
      <h3>
        {title} ({page.total})
      </h3>
      {page.items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list">
          {page.items.map(children)}
          {page.total > page.items.length && (
            <li>
              <Link to={allHref}>
                All {page.total} {noun}
              </Link>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
