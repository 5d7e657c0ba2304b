import { signInRuleCreate } from "@toolgate/contracts";
import { signInPolicyApi } from "../../api/sign-in-policy-api.js";
import type { IdentityProvider, SignInRule } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { SelectField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { describeRule } from "./rules-table.js";

interface Values {
  kind: SignInRule["kind"];
  value: string;
  providerId: string;
}

const VALUE_FIELD: Record<Values["kind"], { label: string; placeholder: string; hint: string }> = {
  email_domain: { label: "Email domain", placeholder: "example.com", hint: "Every account whose email ends in @ this domain." },
  user: { label: "Email or username", placeholder: "alice@example.com", hint: "One account, by its email or its username." },
  group: { label: "Group", placeholder: "engineering", hint: "Members of this group, as the identity provider's groups claim names them (exact match)." },
};

const EMPTY: Values = { kind: "email_domain", value: "", providerId: "" };

export function RuleForm({ providers, onAdded }: { providers: readonly IdentityProvider[]; onAdded: () => void }) {
  const notify = useToast();
  const form = useForm({
    initial: EMPTY,
    schema: signInRuleCreate,
    fields: ["kind", "value", "providerId"],
    toPayload: (v: Values) => ({ kind: v.kind, value: v.value.trim(), providerId: v.kind === "group" && v.providerId ? v.providerId : null }),
    submit: async (payload) => {
      const rule = await signInPolicyApi.addRule(payload);
      notify(`Rule for ${describeRule(rule)} added`);
      form.reset({ ...EMPTY, kind: rule.kind });
      onAdded();
    },
  });
  const field = VALUE_FIELD[form.values.kind];
  return (
    <form onSubmit={form.onSubmit} noValidate aria-labelledby="add-rule-heading">
      <ActionError error={form.formError} />
      <div className="rule-fields">
        <SelectField
          form={form}
          name="kind"
          label="Let in"
          options={[
            { value: "email_domain", label: "Everyone with an email domain" },
            { value: "user", label: "A listed user" },
            { value: "group", label: "Members of an upstream group" },
          ]}
        />
        <TextField form={form} name="value" label={field.label} placeholder={field.placeholder} hint={field.hint} />
        {form.values.kind === "group" && (
          <SelectField
            form={form}
            name="providerId"
            label="From identity provider"
            options={[{ value: "", label: "Any identity provider" }, ...providers.map((p) => ({ value: p.id, label: p.name }))]}
            hint="Whose groups claim is read. Group rules never match password sign-ins."
          />
        )}
      </div>
      <p className="hint">Rules apply at the next sign-in; nothing already issued is revoked.</p>
      <FormActions submitting={form.submitting} submitLabel="Add rule" busyLabel="Adding…" />
    </form>
  );
}
