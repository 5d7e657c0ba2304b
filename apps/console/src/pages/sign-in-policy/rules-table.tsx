import { useState } from "react";
import { Link } from "react-router";
import { signInPolicyApi } from "../../api/sign-in-policy-api.js";
import type { IdentityProvider, SignInRule } from "../../api/types.js";
import { Badge, type Tone } from "../../components/badge.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";

export const RULE_KINDS: Record<SignInRule["kind"], { label: string; tone: Tone }> = {
  email_domain: { label: "Email domain", tone: "blue" },
  user: { label: "User", tone: "violet" },
  group: { label: "Group", tone: "amber" },
};

export const describeRule = (r: Pick<SignInRule, "kind" | "value">) =>
  r.kind === "email_domain" ? `email domain ${r.value}` : r.kind === "user" ? `user ${r.value}` : `group ${r.value}`;

export function RulesTable({ rules, providers, onChanged }: { rules: readonly SignInRule[]; providers: readonly IdentityProvider[]; onChanged: () => void }) {
  const notify = useToast();
  const [removing, setRemoving] = useState<SignInRule>();
  const provider = (id: string | null) => providers.find((p) => p.id === id);
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Matches</th>
              <th scope="col" className="hide-sm">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Badge tone={RULE_KINDS[r.kind].tone}>{RULE_KINDS[r.kind].label}</Badge>
                </td>
                <td>
                  <code className="strong">{r.kind === "email_domain" ? `@${r.value}` : r.value}</code>
                  {r.kind === "group" && (
                    <div className="muted small">
                      {r.providerId ? (
                        <>
                          from <Link to={`/identity-providers/${r.providerId}`}>{provider(r.providerId)?.name ?? "an identity provider"}</Link>
                        </>
                      ) : (
                        "from any identity provider"
                      )}
                    </div>
                  )}
                </td>
                <td className="hide-sm muted" title={formatDateTime(r.createdAt)}>
                  {relativeTime(r.createdAt)}
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setRemoving(r)} aria-label={`Remove rule ${describeRule(r)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove the rule for ${removing ? describeRule(removing) : ""}?`}
        confirmLabel="Remove rule"
        danger
        onClose={() => setRemoving(undefined)}
        onConfirm={() => signInPolicyApi.removeRule(removing!.id)}
        onDone={() => {
          notify(`Rule for ${removing ? describeRule(removing) : ""} removed`);
          onChanged();
        }}
      >
        {rules.length === 1 ? (
          <p>
            It is the last rule: <strong>with no rules, every active account may sign in.</strong>
          </p>
        ) : (
          <p>Accounts that match only this rule are refused at their next sign-in. Sessions and tokens they already have are not revoked.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
