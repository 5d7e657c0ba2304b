import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import { Badge, KindBadge, StatusBadge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { relativeTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { RoleChips } from "../shared/role-chips.js";
import { RoleFilter } from "../shared/role-filter.js";

const PAGE_SIZE = 25;
const KINDS = [
  { value: "", label: "All kinds" },
  { value: "application", label: "Applications" },
  { value: "agent", label: "Agents" },
  { value: "dcr", label: "Self-registered (DCR)" },
  { value: "cimd", label: "Metadata documents (CIMD)" },
];
const STATUSES = [
  { value: "", label: "Any status" },
  { value: "active", label: "Active" },
  { value: "pending", label: "Pending approval" },
  { value: "disabled", label: "Disabled" },
];

/** Clients with search and filters; the agents page is this list fixed to kind `agent`. */
export function ClientsList({ fixedKind, newHref, newLabel }: { fixedKind?: "agent"; newHref: string; newLabel: string }) {
  const { values, page, update } = useUrlState(["q", "kind", "status", "roleId"] as const);
  const kind = fixedKind ?? values.kind;
  const clients = useResource(
    (signal) => clientsApi.list({ q: values.q, kind: (kind || undefined) as never, status: (values.status || undefined) as never, roleId: values.roleId || undefined, page, pageSize: PAGE_SIZE }, signal),
    [values.q, kind, values.status, values.roleId, page],
  );
  const filtered = Boolean(values.q || values.status || values.roleId || (!fixedKind && values.kind));
  return (
    <>
      <div className="toolbar">
        <SearchInput label="Search by name or client ID" value={values.q} onChange={(q) => update({ q })} />
        {!fixedKind && <FilterSelect label="Kind" value={values.kind} options={KINDS} onChange={(v) => update({ kind: v })} />}
        <FilterSelect label="Status" value={values.status} options={STATUSES} onChange={(v) => update({ status: v })} />
        <RoleFilter value={values.roleId} onChange={(v) => update({ roleId: v })} />
      </div>
      <PagedResults
        resource={clients}
        onPage={(n) => update({ page: n })}
        empty={
          filtered ? (
            <EmptyState title="Nothing matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title={fixedKind ? "No agents yet" : "No clients yet"} action={<Link className="btn btn-primary" to={newHref}>{newLabel}</Link>}>
              {fixedKind ? "Agents act with an identity of their own (client credentials)." : "MCP clients appear here when they register themselves, or register an application yourself."}
            </EmptyState>
          )
        }
      >
        {(items) => (
          <DataTable columns={["Client", !fixedKind && "Kind", "Status", { label: "Roles", className: "hide-sm" }, { label: "Last used", className: "hide-sm" }]}>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link className="row-link" to={`/clients/${encodeURIComponent(c.id)}`}>
                    {c.name || c.id}
                  </Link>
                  {c.builtIn && <Badge>built-in</Badge>}
                  <div className="muted small mono truncate">{c.id}</div>
                </td>
                {!fixedKind && (
                  <td>
                    <KindBadge kind={c.kind} />
                  </td>
                )}
                <td>
                  <StatusBadge status={c.status} />
                  {c.approvals.some((a) => a.status === "pending") && <Badge tone="amber">awaiting approval</Badge>}
                </td>
                <td className="hide-sm">
                  <RoleChips roles={c.roles} />
                </td>
                <td className="hide-sm muted">{relativeTime(c.lastUsedAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </>
  );
}
