import { consentsApi } from "../../api/consents-api.js";
import { EmptyState } from "../../components/empty-state.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { ClientFilter, UserFilter } from "../shared/record-filters.js";
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
        <UserFilter value={values.userId} onChange={(v) => update({ userId: v })} />
        <ClientFilter value={values.clientId} onChange={(v) => update({ clientId: v })} />
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
