import { Link } from "react-router";
import { identityProvidersApi } from "../../api/identity-providers-api.js";
import { Badge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";

const PAGE_SIZE = 25;
const STATUSES = [
  { value: "", label: "Any status" },
  { value: "true", label: "Enabled" },
  { value: "false", label: "Disabled" },
];

export function IdentityProvidersListPage() {
  const { values, page, update } = useUrlState(["q", "enabled"] as const);
  // Only "true" or "false" reach the API; anything else in the URL means any status.
  const enabled = values.enabled === "true" || values.enabled === "false" ? values.enabled : undefined;
  const providers = useResource(
    (signal) => identityProvidersApi.list({ q: values.q, enabled, page, pageSize: PAGE_SIZE }, signal),
    [values.q, enabled, page],
  );
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="Upstream OpenID Connect providers users may sign in with, besides a Toolgate password. A first sign-in creates the Toolgate account, or links an existing one when the provider confirms the email address."
        actions={
          <Link className="btn btn-primary" to="/identity-providers/new">
            New identity provider
          </Link>
        }
      />
      <div className="toolbar">
        <SearchInput label="Search by name or issuer" value={values.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Status" value={values.enabled} options={STATUSES} onChange={(v) => update({ enabled: v })} />
      </div>
      <PagedResults
        resource={providers}
        onPage={(n) => update({ page: n })}
        empty={
          values.q || enabled ? (
            <EmptyState title="No identity provider matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title="No identity providers yet" action={<Link className="btn btn-primary" to="/identity-providers/new">Add an identity provider</Link>}>
              Users sign in with a Toolgate password until you add one.
            </EmptyState>
          )
        }
      >
        {(items) => (
          <DataTable columns={["Provider", { label: "Issuer", className: "hide-sm" }, "Status", { label: "Linked users", className: "hide-sm" }]}>
            {items.map((idp) => (
              <tr key={idp.id}>
                <td>
                  <Link className="row-link" to={`/identity-providers/${idp.id}`}>
                    {idp.name}
                  </Link>
                  <div className="muted small mono">{idp.slug}</div>
                </td>
                <td className="hide-sm mono small truncate">{idp.issuer}</td>
                <td>
                  <Badge tone={idp.enabled ? "green" : "red"}>{idp.enabled ? "enabled" : "disabled"}</Badge>
                  {!idp.hasClientSecret && <Badge title="No client secret: a public client with PKCE">public</Badge>}
                </td>
                <td className="hide-sm">{idp.userCount}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </>
  );
}
