import { Link } from "react-router";
import { rolesApi } from "../../api/roles-api.js";
import { Badge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { ServerFilter } from "../shared/server-filter.js";

const PAGE_SIZE = 25;

export function RolesListPage() {
  const { values, page, update } = useUrlState(["q", "serverId"] as const);
  const roles = useResource((signal) => rolesApi.list({ q: values.q, serverId: values.serverId || undefined, page, pageSize: PAGE_SIZE }, signal), [values.q, values.serverId, page]);
  return (
    <>
      <PageHeader
        title="Roles"
        description="Bundles of scopes across MCP servers. Bind them to clients and users; a token carries only scopes both hold."
        actions={
          <Link className="btn btn-primary" to="/roles/new">
            New role
          </Link>
        }
      />
      <div className="toolbar">
        <SearchInput label="Search roles" value={values.q} onChange={(q) => update({ q })} />
        <ServerFilter value={values.serverId} onChange={(serverId) => update({ serverId })} anyLabel="All MCP servers" />
      </div>
      <PagedResults
        resource={roles}
        onPage={(n) => update({ page: n })}
        empty={
          values.q || values.serverId ? (
            <EmptyState title="No role matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title="No roles yet" action={<Link className="btn btn-primary" to="/roles/new">Create a role</Link>} />
          )
        }
      >
        {(items) => (
          <DataTable columns={["Role", "Scopes", { label: "Clients", className: "num hide-sm" }, { label: "Users", className: "num hide-sm" }]}>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link className="row-link" to={`/roles/${r.id}`}>
                    {r.name}
                  </Link>
                  {r.builtIn && <Badge>built-in</Badge>}
                  {r.description && <div className="muted small">{r.description}</div>}
                </td>
                <td>
                  {r.scopes.length === 0 ? <span className="muted">none</span> : r.scopes.slice(0, 4).map((s) => <code key={s.id} className="chip" title={s.serverName}>{s.name}</code>)}
                  {r.scopes.length > 4 && <span className="muted small"> +{r.scopes.length - 4} more</span>}
                </td>
                <td className="num hide-sm">{r.clientCount}</td>
                <td className="num hide-sm">{r.userCount}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </>
  );
}
