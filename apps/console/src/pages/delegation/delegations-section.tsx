import { useState } from "react";
import { delegationApi } from "../../api/delegation-api.js";
import { PagedResults } from "../../components/paged-results.js";
import { useResource } from "../../hooks/use-resource.js";
import { DelegationDialog } from "./delegation-dialog.js";
import { DelegationsTable } from "./delegations-table.js";

const PAGE_SIZE = 10;

type Subject = { userId: string; label: string } | { agentId: string; label: string };

/** On a user's page: the agents acting for them; on an agent's page: the users it acts for. */
export function DelegationsSection({ of }: { of: Subject }) {
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const filter = "userId" in of ? { userId: of.userId } : { agentId: of.agentId };
  const delegations = useResource((signal) => delegationApi.delegations({ ...filter, page, pageSize: PAGE_SIZE }, signal), [filter, page]);
  const forUser = "userId" in of;
  return (
    <section className="card section-card" aria-labelledby="delegations-heading">
      <div className="panel-header">
        <h2 id="delegations-heading">{forUser ? "Agents acting for this user" : "Users this agent acts for"}</h2>
        <button type="button" className="btn btn-small" onClick={() => setAdding(true)}>
          {forUser ? "Let an agent act for them" : "Add a user"}
        </button>
      </div>
      <p className="muted small">
        {forUser
          ? "An agent listed here may exchange its own token for one that acts on this user's behalf, with at most the scopes both may have."
          : "This agent may exchange its own token for one acting on behalf of each user listed here (on-behalf-of token exchange)."}
      </p>
      <PagedResults resource={delegations} onPage={setPage} empty={<p className="muted">{forUser ? "No agent acts for this user." : "This agent acts for no user: it acts only as itself."}</p>}>
        {(items) => <DelegationsTable items={items} hide={forUser ? "user" : "agent"} onChanged={delegations.reload} />}
      </PagedResults>
      {adding && (
        <DelegationDialog
          fixed={forUser ? { userId: of.userId, userLabel: of.label } : { agentId: of.agentId, agentLabel: of.label }}
          onClose={() => setAdding(false)}
          onSaved={delegations.reload}
        />
      )}
    </section>
  );
}
