import { Link } from "react-router";
import { serversApi } from "../../api/servers-api.js";
import { Badge } from "../../components/badge.js";
import { EmptyState } from "../../components/empty-state.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { Pagination } from "../../components/pagination.js";
import { SearchInput } from "../../components/search-input.js";
import { formatSeconds } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";

const PAGE_SIZE = 25;

export function ServersListPage() {
  const { values, page, update } = useUrlState(["q"] as const);
  const servers = useResource((signal) => serversApi.list({ q: values.q, page, pageSize: PAGE_SIZE }, signal), [values.q, page]);
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
      </div>
      <Loadable resource={servers}>
        {(p) =>
          p.items.length === 0 ? (
            values.q ? (
              <EmptyState title="No MCP server matches">Try another search.</EmptyState>
            ) : (
              <EmptyState title="No MCP servers yet" action={<Link className="btn btn-primary" to="/servers/new">Register your first MCP server</Link>}>
                Register an MCP server, import its tools, and Toolgate starts issuing tokens for it.
              </EmptyState>
            )
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col" className="hide-sm">Resource URI</th>
                      <th scope="col" className="num">Tools</th>
                      <th scope="col" className="num hide-sm">Scopes</th>
                      <th scope="col" className="hide-sm">Token lifetime</th>
                      <th scope="col" className="hide-sm">Self-registered clients</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((s) => (
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
                  </tbody>
                </table>
              </div>
              <Pagination page={p.page} pageSize={p.pageSize} total={p.total} onPage={(n) => update({ page: n })} />
            </>
          )
        }
      </Loadable>
    </>
  );
}
