import { Link } from "react-router";
import { serversApi } from "../../api/servers-api.js";
import type { Server } from "../../api/types.js";
import { Badge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { formatSeconds } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { APPROVAL_OPTIONS, DEFAULT_ROLE_OPTIONS, isFiltered, SERVER_FILTER_KEYS, toServerListQuery } from "./servers-list-filters.js";

const PAGE_SIZE = 25;

export function ServersListPage() {
  const { values, page, update } = useUrlState(SERVER_FILTER_KEYS);
  const servers = useResource(
    (signal) => serversApi.list({ ...toServerListQuery(values), page, pageSize: PAGE_SIZE }, signal),
    [values.q, values.requireApproval, values.hasDefaultRole, page],
  );
  return (
    <>
      <PageHeader
        title="MCP servers"
        description="The protected resources Toolgate issues tokens for, with their tools and the scope each tool requires."
        actions={
          <Link className="btn btn-primary" to="/servers/new">
            New MCP server
          </Link>
        }
      />
      <div className="toolbar">
        <SearchInput label="Search by name or resource URI" value={values.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Approval of self-registered clients" value={values.requireApproval} options={APPROVAL_OPTIONS} onChange={(v) => update({ requireApproval: v })} />
        <FilterSelect label="Default role" value={values.hasDefaultRole} options={DEFAULT_ROLE_OPTIONS} onChange={(v) => update({ hasDefaultRole: v })} />
      </div>
      <PagedResults
        resource={servers}
        onPage={(n) => update({ page: n })}
        empty={
          isFiltered(values) ? (
            <EmptyState title="No MCP server matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title="No MCP servers yet" action={<Link className="btn btn-primary" to="/servers/new">Register your first MCP server</Link>}>
              Register an MCP server, import its tools, and Toolgate starts issuing tokens for it.
            </EmptyState>
          )
        }
      >
        {(items) => (
          <DataTable
            columns={[
              "Name",
              { label: "Resource URI", className: "hide-sm" },
              { label: "Tools", className: "num" },
              { label: "Scopes", className: "num hide-sm" },
              { label: "Token lifetime", className: "hide-sm" },
              { label: "Self-registered clients", className: "hide-sm" },
            ]}
          >
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link className="row-link" to={`/servers/${s.id}`}>
                    {s.name}
                  </Link>
                  {s.builtIn && <Badge>built-in</Badge>}
                  <div className="muted small show-sm mono">{s.resourceUri}</div>
                </td>
                <td className="hide-sm mono small">{s.resourceUri}</td>
                <td className="num">{s.toolCount}</td>
                <td className="num hide-sm">{s.scopeCount}</td>
                <td className="hide-sm">{formatSeconds(s.accessTokenTtl)}</td>
                <td className="hide-sm">{s.requireApproval ? <Badge tone="amber">need approval</Badge> : <span className="muted">{s.defaultRoleId ? "get the default role" : "no default role"}</span>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </>
  );
}
