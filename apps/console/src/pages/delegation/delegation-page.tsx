import { useState } from "react";
import { delegationApi } from "../../api/delegation-api.js";
import { EmptyState } from "../../components/empty-state.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { SearchInput } from "../../components/search-input.js";
import { Tabs, tabPanelProps } from "../../components/tabs.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { ServerFilter } from "../shared/server-filter.js";
import { DelegationDialog } from "./delegation-dialog.js";
import { DelegationsTable } from "./delegations-table.js";
import { ExchangePoliciesTable } from "./exchange-policies-table.js";
import { ExchangePolicyDialog } from "./exchange-policy-dialog.js";

const PAGE_SIZE = 25;
const TABS = ["exchange", "agents"] as const;

/** Who may act for whom: MCP server → downstream server exchanges, and agents acting for users. */
export function DelegationPage() {
  const { values, page, update } = useUrlState(["tab", "q", "serverId"] as const);
  const tab = TABS.find((t) => t === values.tab) ?? "exchange";
  const [adding, setAdding] = useState(false);
  const tabProps: TabProps = { q: values.q, onSearch: (q) => update({ q }), page, onPage: (n) => update({ page: n }), adding, onAdded: () => setAdding(false) };
  return (
    <>
      <PageHeader
        title="Delegation"
        description="Token exchange (RFC 8693): an MCP server calling another for its users, and agents acting on behalf of users. Every exchanged token names who acts, in the audit trail too."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            {tab === "exchange" ? "Allow a token exchange" : "Let an agent act for a user"}
          </button>
        }
      />
      <Tabs
        label="Delegation sections"
        current={tab}
        // A search means something else on each tab (servers, users and agents): it stays with its tab.
        onChange={(t) => update({ tab: t === "exchange" ? "" : t, q: "" })}
        items={[
          { id: "exchange", label: "Server to server" },
          { id: "agents", label: "Agents for users" },
        ]}
      />
      <div {...tabPanelProps(tab)} className="tab-panel">
        {tab === "exchange" ? (
          <ExchangePoliciesTab {...tabProps} serverId={values.serverId} onFilter={(serverId) => update({ serverId })} />
        ) : (
          <DelegationsTab {...tabProps} />
        )}
      </div>
    </>
  );
}

interface TabProps {
  q: string;
  onSearch: (q: string) => void;
  page: number;
  onPage: (page: number) => void;
  adding: boolean;
  onAdded: () => void;
}

function ExchangePoliciesTab({ q, onSearch, serverId, onFilter, page, onPage, adding, onAdded }: TabProps & { serverId: string; onFilter: (serverId: string) => void }) {
  const policies = useResource((signal) => delegationApi.policies({ q, serverId: serverId || undefined, page, pageSize: PAGE_SIZE }, signal), [q, serverId, page]);
  return (
    <>
      <p className="muted">
        An MCP server listed here may exchange a token a user sent it for a token to the downstream server, for the same user, limited to the chosen scopes and to what
        the user may have there.
      </p>
      <div className="toolbar">
        <SearchInput label="Search by server name or resource URI" value={q} onChange={onSearch} />
        <ServerFilter value={serverId} onChange={onFilter} />
      </div>
      <PagedResults
        resource={policies}
        onPage={onPage}
        empty={
          q ? (
            <EmptyState title="No exchange policy matches">Try another search or filter.</EmptyState>
          ) : (
            <EmptyState title={serverId ? "No exchange involves this server" : "No token exchange allowed"}>
              MCP servers cannot call each other for their users until you allow it here.
            </EmptyState>
          )
        }
      >
        {(items) => <ExchangePoliciesTable items={items} onChanged={policies.reload} />}
      </PagedResults>
      {adding && <ExchangePolicyDialog onClose={onAdded} onSaved={policies.reload} />}
    </>
  );
}

function DelegationsTab({ q, onSearch, page, onPage, adding, onAdded }: TabProps) {
  const delegations = useResource((signal) => delegationApi.delegations({ q, page, pageSize: PAGE_SIZE }, signal), [q, page]);
  return (
    <>
      <p className="muted">
        An agent listed here may exchange its own token for one that acts on behalf of the user (the token's subject is the user, the agent is its actor), with at most
        the scopes both may have.
      </p>
      <div className="toolbar">
        <SearchInput label="Search by user email, agent name or ID" value={q} onChange={onSearch} />
      </div>
      <PagedResults
        resource={delegations}
        onPage={onPage}
        empty={
          q ? (
            <EmptyState title="No delegation matches">Try another search.</EmptyState>
          ) : (
            <EmptyState title="No agent acts for a user">Agents act only as themselves until a delegation lets one act for a user.</EmptyState>
          )
        }
      >
        {(items) => <DelegationsTable items={items} onChanged={delegations.reload} />}
      </PagedResults>
      {adding && <DelegationDialog onClose={onAdded} onSaved={delegations.reload} />}
    </>
  );
}
