import type { ReactNode } from "react";
import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import { consentsApi } from "../../api/consents-api.js";
import { usersApi } from "../../api/users-api.js";
import { EmptyState } from "../../components/empty-state.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { ServerFilter } from "../shared/server-filter.js";
import { ConsentsTable } from "./consents-table.js";

const PAGE_SIZE = 25;

/** Every user's consents, filtered by user, client or MCP server; each can be revoked. */
export function ConsentsPage() {
  const { values, page, update } = useUrlState(["q", "userId", "clientId", "serverId"] as const);
  const consents = useResource(
    (signal) => consentsApi.list({ q: values.q, userId: values.userId || undefined, clientId: values.clientId || undefined, serverId: values.serverId || undefined, page, pageSize: PAGE_SIZE }, signal),
    [values.q, values.userId, values.clientId, values.serverId, page],
  );
  const filtered = Boolean(values.q || values.userId || values.clientId || values.serverId);
  return (
    <>
      <PageHeader
        title="Consents"
        description="What users allowed clients to do for them, per MCP server. Revoking a consent revokes the client's grant and tokens for that user; the user is asked again next time."
      />
      <div className="toolbar">
        <SearchInput label="Search by user email, client name or ID" value={values.q} onChange={(q) => update({ q })} />
        <ServerFilter value={values.serverId} onChange={(v) => update({ serverId: v })} />
        {values.userId && <FilterChip label="User" value={<UserName id={values.userId} />} onClear={() => update({ userId: "" })} />}
        {values.clientId && <FilterChip label="Client" value={<ClientName id={values.clientId} />} onClear={() => update({ clientId: "" })} />}
      </div>
      <PagedResults
        resource={consents}
        onPage={(n) => update({ page: n })}
        empty={
          filtered ? (
            <EmptyState title="No consent matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title="No consents yet">A consent is recorded when a user approves a client on the consent page. First-party clients skip it.</EmptyState>
          )
        }
      >
        {(items) => <ConsentsTable items={items} onRevoked={consents.reload} />}
      </PagedResults>
    </>
  );
}

/** A filter that came with the link (from a user's or client's page), shown so it can be removed. */
function FilterChip({ label, value, onClear }: { label: string; value: ReactNode; onClear: () => void }) {
  return (
    <span className="filter-chip">
      <span className="muted">{label}:</span> {value}
      <button type="button" className="icon-button filter-chip-clear" onClick={onClear} aria-label={`Clear the ${label.toLowerCase()} filter`}>
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M6 6l8 8M14 6l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
    </span>
  );
}

function UserName({ id }: { id: string }) {
  const user = useResource((signal) => usersApi.get(id, signal), [id]);
  return <Link to={`/users/${id}`}>{user.data?.email ?? id}</Link>;
}

function ClientName({ id }: { id: string }) {
  const client = useResource((signal) => clientsApi.get(id, signal), [id]);
  return <Link to={`/clients/${encodeURIComponent(id)}`}>{client.data?.name || id}</Link>;
}
