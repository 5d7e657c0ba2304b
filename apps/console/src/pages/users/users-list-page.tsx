import { Link } from "react-router";
import { usersApi } from "../../api/users-api.js";
import { Badge, StatusBadge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { relativeTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { RoleChips } from "../shared/role-chips.js";
import { RoleFilter } from "../shared/role-filter.js";

const PAGE_SIZE = 25;

export function UsersListPage() {
  const { values, page, update } = useUrlState(["q", "status", "roleId"] as const);
  const users = useResource(
    (signal) => usersApi.list({ q: values.q, status: (values.status || undefined) as never, roleId: values.roleId || undefined, page, pageSize: PAGE_SIZE }, signal),
    [values.q, values.status, values.roleId, page],
  );
  return (
    <>
      <PageHeader
        title="Users"
        description="People who sign in to Toolgate, with their roles. A user's token carries only scopes both the user's and the client's roles grant."
        actions={
          <Link className="btn btn-primary" to="/users/new">
            New user
          </Link>
        }
      />
      <div className="toolbar">
        <SearchInput label="Search by email, name or username" value={values.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Status" value={values.status} onChange={(v) => update({ status: v })} options={[{ value: "", label: "Any status" }, { value: "active", label: "Active" }, { value: "disabled", label: "Disabled" }]} />
        <RoleFilter value={values.roleId} onChange={(v) => update({ roleId: v })} />
      </div>
      <PagedResults
        resource={users}
        onPage={(n) => update({ page: n })}
        empty={
          values.q || values.status || values.roleId ? (
            <EmptyState title="No user matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title="No users yet" action={<Link className="btn btn-primary" to="/users/new">Add a user</Link>} />
          )
        }
      >
        {(items) => (
          <DataTable columns={["User", "Status", { label: "Roles", className: "hide-sm" }, { label: "Last sign-in", className: "hide-sm" }]}>
            {items.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link className="row-link" to={`/users/${u.id}`}>
                    {u.email}
                  </Link>
                  {u.name && <div className="muted small">{u.name}</div>}
                </td>
                <td>
                  <StatusBadge status={u.status} />
                  {u.locked && <Badge tone="amber">locked</Badge>}
                </td>
                <td className="hide-sm">
                  <RoleChips roles={u.roles} />
                </td>
                <td className="hide-sm muted">{relativeTime(u.lastLoginAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </>
  );
}
