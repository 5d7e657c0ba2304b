import { useState } from "react";
import { identityProvidersApi } from "../../api/identity-providers-api.js";
import { signInPolicyApi } from "../../api/sign-in-policy-api.js";
import type { IdentityProvider, SignInPolicy } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useToast } from "../../components/toasts.js";
import { useAction } from "../../hooks/use-action.js";
import { useResource } from "../../hooks/use-resource.js";
import { RuleForm } from "./rule-form.js";
import { RulesTable } from "./rules-table.js";

/** Who may sign in: rules by email domain, listed user or upstream group; administrators always may. */
export function SignInPolicyPage() {
  const policy = useResource((signal) => signInPolicyApi.get(signal), []);
  const providers = useResource((signal) => identityProvidersApi.list({ pageSize: 200 }, signal).then((p) => p.items), []);
  return (
    <>
      <PageHeader title="Sign-in policy" description="Which accounts may sign in to Toolgate — with a password or through an identity provider — and so authorize clients." />
      {/* Rules name their provider and a group rule picks one: without the list, the page would say "any provider" wrongly. */}
      <Loadable resource={policy}>
        {(p) => <Loadable resource={providers}>{(list) => <PolicyView policy={p} providers={list} onChanged={policy.reload} replace={policy.set} />}</Loadable>}
      </Loadable>
    </>
  );
}

function PolicyView({ policy, providers, onChanged, replace }: { policy: SignInPolicy; providers: IdentityProvider[]; onChanged: () => void; replace: (p: SignInPolicy) => void }) {
  const open = policy.rules.length === 0;
  return (
    <>
      <div className={open ? "alert alert-info" : "alert alert-warning"} role="note">
        <p className="alert-title">{open
            ? "No rules: every active account may sign in."
            : policy.rules.length === 1
              ? "Only accounts that match this rule may sign in."
              : `Only accounts that match at least one of these ${policy.rules.length} rules may sign in.`}</p>
        <p>
          {open
            ? "Add a rule to let in only some accounts — an email domain, listed users, or members of an upstream group."
            : "Everyone else is refused at sign-in, with a clear page, and the refusal is recorded in the audit trail (login.refused)."}{" "}
          Administrators (the toolgate-admin role) may always sign in, so no rule can lock you out of this console.
        </p>
      </div>
      <section className="card section-card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        {open ? <p className="muted">No rules.</p> : <RulesTable rules={policy.rules} providers={providers} onChanged={onChanged} />}
      </section>
      <section className="card section-card" aria-labelledby="add-rule-heading">
        <h2 id="add-rule-heading">Add a rule</h2>
        <RuleForm providers={providers} onAdded={onChanged} />
      </section>
      <CaseSensitivity policy={policy} replace={replace} />
    </>
  );
}

/** The one setting of the policy: how listed users compare. Applies at once. */
function CaseSensitivity({ policy, replace }: { policy: SignInPolicy; replace: (p: SignInPolicy) => void }) {
  const notify = useToast();
  const { busy, error, run } = useAction();
  // Shown switched at once; put back if the server refuses.
  const [checked, setChecked] = useState(policy.caseSensitiveUsers);
  const change = async (caseSensitiveUsers: boolean) => {
    setChecked(caseSensitiveUsers);
    const saved = await run(async () => {
      const next = await signInPolicyApi.update({ caseSensitiveUsers });
      setChecked(next.caseSensitiveUsers);
      replace(next);
      notify(caseSensitiveUsers ? "Listed users now compare case-sensitively" : "Listed users now compare ignoring case");
    });
    if (!saved) setChecked(!caseSensitiveUsers);
  };
  return (
    <section className="card section-card" aria-labelledby="case-heading">
      <h2 id="case-heading">Listed users</h2>
      <ActionError error={error} />
      <div className="field checkbox-field">
        <input id="case-sensitive-users" type="checkbox" role="switch" checked={checked} disabled={busy} onChange={(e) => void change(e.target.checked)} aria-describedby="case-sensitive-users-hint" />
        <div>
          <label htmlFor="case-sensitive-users">Compare listed users case-sensitively</label>
          <p className="hint" id="case-sensitive-users-hint">
            Off (the default), a rule for <code>Alice@Example.com</code> also admits <code>alice@example.com</code>. Applies to the email and username of user rules; email
            domains always ignore case, group names never do.
          </p>
        </div>
      </div>
    </section>
  );
}
