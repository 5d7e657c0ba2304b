import { useState } from "react";
import { delegationApi } from "../../api/delegation-api.js";
import type { ServerDetail } from "../../api/types.js";
import { Loadable } from "../../components/loadable.js";
import { useResource } from "../../hooks/use-resource.js";
import { ExchangePoliciesTable } from "./exchange-policies-table.js";
import { ExchangePolicyDialog } from "./exchange-policy-dialog.js";

/**
 * An MCP server's token exchange policies in both directions: downstream servers it may call for
 * its users (outgoing), and upstream servers that may call it for theirs (incoming).
 */
export function ServerDelegationPanel({ server }: { server: ServerDetail }) {
  const [adding, setAdding] = useState<"outgoing" | "incoming">();
  const policies = useResource((signal) => delegationApi.policies({ serverId: server.id, pageSize: 200 }, signal).then((p) => p.items), [server.id]);
  return (
    <Loadable resource={policies}>
      {(items) => {
        const outgoing = items.filter((p) => p.sourceServerId === server.id);
        const incoming = items.filter((p) => p.targetServerId === server.id);
        return (
          <>
            <section aria-labelledby="outgoing-heading">
              <div className="panel-header">
                <h2 id="outgoing-heading">Outgoing: {server.name} may call, for its users</h2>
                <button type="button" className="btn" onClick={() => setAdding("outgoing")}>
                  Allow a downstream server
                </button>
              </div>
              {outgoing.length === 0 ? (
                <p className="muted">{server.name} cannot exchange the tokens users send it for tokens to another MCP server.</p>
              ) : (
                <ExchangePoliciesTable items={outgoing} onChanged={policies.reload} />
              )}
            </section>
            <section aria-labelledby="incoming-heading">
              <div className="panel-header">
                <h2 id="incoming-heading">Incoming: may call {server.name} for their users</h2>
                <button type="button" className="btn" onClick={() => setAdding("incoming")}>
                  Allow an upstream server
                </button>
              </div>
              {incoming.length === 0 ? (
                <p className="muted">No other MCP server may exchange its users' tokens for tokens to {server.name}.</p>
              ) : (
                <ExchangePoliciesTable items={incoming} onChanged={policies.reload} />
              )}
            </section>
            {adding && (
              <ExchangePolicyDialog
                fixed={adding === "outgoing" ? { sourceServerId: server.id } : { targetServerId: server.id }}
                onClose={() => setAdding(undefined)}
                onSaved={policies.reload}
              />
            )}
          </>
        );
      }}
    </Loadable>
  );
}
