import { useState } from "react";
import { Link } from "react-router";
import { identityProvidersApi } from "../../api/identity-providers-api.js";
import type { IdentityProvider } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge } from "../../components/badge.js";
import { CopyField } from "../../components/code-block.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { PageHeader } from "../../components/page-header.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime } from "../../format/time.js";
import { SummaryCopyItem } from "../../components/summary-copy-item.js";
import { useAction } from "../../hooks/use-action.js";
import { DeleteRecordDialog } from "../shared/delete-record-dialog.js";
import { RecordActivity } from "../shared/record-activity.js";
import { RecordRoute } from "../shared/record-route.js";

export function IdentityProviderDetailPage() {
  return (
    <RecordRoute load={identityProvidersApi.get} list={{ href: "/identity-providers", label: "All identity providers" }}>
      {(p, provider) => <IdentityProviderView provider={p} reload={provider.reload} replace={provider.set} />}
    </RecordRoute>
  );
}

function IdentityProviderView({ provider, reload, replace }: { provider: IdentityProvider; reload: () => void; replace: (p: IdentityProvider) => void }) {
  const notify = useToast();
  const [confirm, setConfirm] = useState<"disable" | "delete">();
  const action = useAction();

  const setEnabled = async (enabled: boolean) => {
    replace(await identityProvidersApi.update(provider.id, { enabled, version: provider.version }));
    notify(enabled ? `${provider.name} enabled` : `${provider.name} disabled`);
  };
  const enableNow = () => void action.run(() => setEnabled(true));
  const claims = provider.claimMapping;

  return (
    <>
      <PageHeader
        title={provider.name}
        back={{ to: "/identity-providers", label: "Identity providers" }}
        badges={<Badge tone={provider.enabled ? "green" : "red"}>{provider.enabled ? "enabled" : "disabled"}</Badge>}
        actions={
          <>
            {provider.enabled ? (
              <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("disable")}>
                Disable
              </button>
            ) : (
              <button type="button" className="btn" onClick={enableNow}>
                Enable
              </button>
            )}
            <Link className="btn" to={`/identity-providers/${provider.id}/edit`}>
              Edit
            </Link>
            <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("delete")}>
              Delete
            </button>
          </>
        }
      />
      <ActionError error={action.error} onReload={reload} />
      <section className="card section-card" aria-labelledby="register-heading">
        <h2 id="register-heading">Register Toolgate with {provider.name}</h2>
        <p className="muted small">
          At the provider, create an OpenID Connect web application (authorization code flow) with this redirect URI, then put its client ID — and secret, if it has one —
          here.
        </p>
        <CopyField label="Redirect URI" value={provider.redirectUri} />
      </section>
      <dl className="summary card">
        <SummaryCopyItem label="Issuer" value={provider.issuer} />
        <div>
          <dt>Slug</dt>
          <dd className="mono">{provider.slug}</dd>
        </div>
        <div>
          <dt>Client ID</dt>
          <dd className="mono">{provider.clientId}</dd>
        </div>
        <div>
          <dt>Client secret</dt>
          <dd>{provider.hasClientSecret ? "stored (encrypted, never shown)" : <span className="muted">none — public client with PKCE</span>}</dd>
        </div>
        <div>
          <dt>Linked users</dt>
          <dd>{provider.userCount}</dd>
        </div>
        <div>
          <dt>Scopes</dt>
          <dd>
            {provider.scopes.split(" ").map((s) => (
              <code key={s} className="chip">
                {s}
              </code>
            ))}
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(provider.updatedAt)}</dd>
        </div>
        <div className="summary-wide">
          <dt>Claims read from its ID token</dt>
          <dd>
            <ul className="claim-list">
              {(["email", "name", "username", "groups"] as const).map((k) => (
                <li key={k}>
                  {k} ← <code className="chip">{claims[k]}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <p className="muted small">
        Who may sign in through it is decided by the <Link to="/sign-in-policy">sign-in policy</Link> (group rules can name this provider).
      </p>
      <RecordActivity target={provider.id} version={provider.version} heading="Recent changes" />
      <ConfirmDialog
        open={confirm === "disable"}
        title={`Disable ${provider.name}?`}
        confirmLabel="Disable provider"
        danger
        onClose={() => setConfirm(undefined)}
        onConfirm={() => setEnabled(false)}
      >
        <p>It disappears from the sign-in page, and its {provider.userCount} linked users can no longer sign in through it (those with a password still can).</p>
      </ConfirmDialog>
      <DeleteRecordDialog
        open={confirm === "delete"}
        name={provider.name}
        confirmLabel="Delete provider"
        remove={() => identityProvidersApi.remove(provider.id)}
        listHref="/identity-providers"
        onClose={() => setConfirm(undefined)}
      >
        <p>
          Its {provider.userCount} linked users keep their Toolgate accounts, without the link to it; sign-in rules naming this provider are deleted too.
        </p>
      </DeleteRecordDialog>
    </>
  );
}
