import { exchangePolicyCreate, exchangePolicyUpdate } from "@toolgate/contracts";
import { ApiError } from "../../api/api-error.js";
import { delegationApi } from "../../api/delegation-api.js";
import { serversApi } from "../../api/servers-api.js";
import type { ExchangePolicy } from "../../api/types.js";
import { FormDialog } from "../../components/form-dialog.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { Field } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { useResource } from "../../hooks/use-resource.js";
import { useServers } from "../shared/use-servers.js";

interface Values {
  sourceServerId: string;
  targetServerId: string;
  scopeIds: string[];
}

interface ExchangePolicyDialogProps {
  /** Edit this policy's scopes; otherwise create one. */
  policy?: ExchangePolicy;
  /** A side fixed by the page the dialog opens from (the MCP server detail). */
  fixed?: { sourceServerId?: string; targetServerId?: string };
  onClose: () => void;
  onSaved: () => void;
}

/**
 * Lets an MCP server exchange the tokens users send it for tokens to a downstream MCP server
 * (RFC 8693 token exchange), limited to the chosen downstream scopes — and, for each user, to
 * what that user may have there.
 */
export function ExchangePolicyDialog({ policy, fixed = {}, onClose, onSaved }: ExchangePolicyDialogProps) {
  const notify = useToast();
  const servers = useServers();
  const form = useForm({
    initial: {
      sourceServerId: policy?.sourceServerId ?? fixed.sourceServerId ?? "",
      targetServerId: policy?.targetServerId ?? fixed.targetServerId ?? "",
      scopeIds: policy?.scopes.map((s) => s.id) ?? [],
    } satisfies Values,
    schema: policy ? exchangePolicyUpdate : exchangePolicyCreate,
    fields: ["sourceServerId", "targetServerId", "scopeIds"],
    toPayload: (v: Values) => (policy ? { scopeIds: v.scopeIds } : v),
    submit: async (payload) => {
      if (policy) await delegationApi.updatePolicy(policy.id, payload as { scopeIds: string[] });
      else await delegationApi.createPolicy(payload as Values);
      notify(!policy ? "Exchange policy created" : removed.length ? "Exchange policy saved; the tokens exchanged under it are revoked" : "Exchange policy saved");
      onSaved();
      onClose();
    },
  });
  const v = form.values;
  const target = useResource((signal) => (v.targetServerId ? serversApi.get(v.targetServerId, signal) : Promise.resolve(undefined)), [v.targetServerId]);
  const serverOptions = (servers.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  /** Scopes an edit takes away: saving then revokes the tokens exchanged under the policy. */
  const removed = policy ? policy.scopes.filter((s) => !v.scopeIds.includes(s.id)) : [];
  const locked = (side: "sourceServerId" | "targetServerId") => Boolean(policy || fixed[side]);

  const serverSelect = (name: "sourceServerId" | "targetServerId", label: string, hint: string) => (
    <Field name={name} label={label} hint={hint} error={errorFor(form.errors, name)}>
      {(control) => (
        <select
          {...control}
          value={v[name]}
          disabled={locked(name)}
          onChange={(e) => {
            form.set(name, e.target.value);
            // Scopes belong to the target server: a new target starts with none chosen.
            if (name === "targetServerId") form.set("scopeIds", []);
          }}
        >
          <option value="">{servers.loading ? "Loading…" : "Choose an MCP server…"}</option>
          {serverOptions
            .filter((o) => o.value !== (name === "sourceServerId" ? v.targetServerId : v.sourceServerId))
            .map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
        </select>
      )}
    </Field>
  );

  return (
    <FormDialog
      id="exchange-policy-form"
      form={form}
      wide
      title={policy ? `Scopes for ${policy.sourceServerName} → ${policy.targetServerName}` : "Allow a token exchange"}
      submitLabel={!policy ? "Allow exchange" : removed.length ? "Save and revoke exchanged tokens" : "Save scopes"}
      onClose={onClose}
      error={servers.error instanceof ApiError ? servers.error : undefined}
    >
      {serverSelect("sourceServerId", "MCP server that exchanges", "It presents a user's token (sent to it) with its own client credentials.")}
      {serverSelect("targetServerId", "Downstream MCP server", "It receives a token for the same user, with this server named as the actor.")}
      <Field name="scopeIds" label="Downstream scopes the exchange may grant" error={errorFor(form.errors, "scopeIds")} hint="Never more than the user may have on the downstream server.">
        {(control) => (
          <div className="checkbox-list" id={control.id} tabIndex={-1} role="group" aria-label="Downstream scopes" aria-describedby={control["aria-describedby"]}>
            {!v.targetServerId ? (
              <p className="muted">Choose the downstream server first.</p>
            ) : target.loading ? (
              <p className="muted">Loading its scopes…</p>
            ) : target.error ? (
              <p className="field-error">Its scopes could not be loaded.</p>
            ) : target.data?.scopes.length === 0 ? (
              <p className="muted">This server has no scopes yet: import its tools or add scopes first.</p>
            ) : (
              target.data?.scopes.map((s) => (
                <label key={s.id} className="inline-check">
                  <input
                    type="checkbox"
                    checked={v.scopeIds.includes(s.id)}
                    onChange={(e) => form.set("scopeIds", e.target.checked ? [...v.scopeIds, s.id] : v.scopeIds.filter((x) => x !== s.id))}
                  />
                  <span>
                    <code>{s.name}</code>
                    {s.description && <span className="muted small"> — {s.description}</span>}
                  </span>
                </label>
              ))
            )}
          </div>
        )}
      </Field>
      {policy && removed.length > 0 && (
        <div className="alert alert-warning" role="note">
          <p className="alert-title">Saving revokes the tokens exchanged under this policy</p>
          <p>
            {policy.sourceServerName} may no longer get {removed.map((s) => s.name).join(", ")} for its users. Every token it obtained for {policy.targetServerName} through
            this exchange is revoked at once; its next exchange gets new ones with the remaining scopes.
          </p>
        </div>
      )}
    </FormDialog>
  );
}
