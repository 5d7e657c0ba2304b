import { useState } from "react";
import { Link } from "react-router";
import { signInPolicyApi } from "../../api/sign-in-policy-api.js";
import type { IdentityProvider, SignInRule } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { Badge, type Tone } from "../../components/badge.js";
import { formatDateTime, relativeTime } from "../../format/time.js";

export const RULE_KINDS: Record<SignInRule["kind"], { label: string; tone: Tone }> = {
  email_domain: { label: "Email domain", tone: "blue" },
  user: { label: "User", tone: "violet" },
  group: { label: "Group", tone: "amber" },
};

export const describeRule = (r: Pick<SignInRule, "kind" | "value">) =>
  r.kind === "email_domain" ? `email domain ${r.value}` : r.kind === "user" ? `user ${r.value}` : `group ${r.value}`;

export function RulesTable({ rules, providers, onChanged }: { rules: readonly SignInRule[]; providers: readonly IdentityProvider[]; onChanged: () => void }) {
  const [removing, setRemoving] = useState<SignInRule>();
  const provider = (id: string | null) => providers.find((p) => p.id === id);
  return (
    <>
      <DataTable columns={["Kind", "Matches", { label: "Added", className: "hide-sm" }]} actions="Actions">
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
              <RowButton danger onClick={() => setRemoving(r)} label={`Remove rule ${describeRule(r)}`}>
                Remove
              </RowButton>
            </td>
          </tr>
        ))}
      </DataTable>
      <RowConfirmDialog
        item={removing}
        title={(r) => `Remove the rule for ${describeRule(r)}?`}
        confirmLabel="Remove rule"
        action={(r) => signInPolicyApi.removeRule(r.id)}
        done={(r) => `Rule for ${describeRule(r)} removed`}
        onClose={() => setRemoving(undefined)}
        onDone={onChanged}
      >
        {() =>
          rules.length === 1 ? (
            <p>
              It is the last rule: <strong>with no rules, every active account may sign in.</strong>
            </p>
          ) : (
            <p>Accounts that match only this rule are refused at their next sign-in. Sessions and tokens they already have are not revoked.</p>
          )
        }
      </RowConfirmDialog>
    </>
  );
}
