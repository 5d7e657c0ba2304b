import { useState } from "react";
import { clientCreate, clientUpdate } from "@toolgate/contracts";
import { useNavigate } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import type { Client, ClientCreated } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { SecretDialog } from "../../components/secret-dialog.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { CheckboxField, Field, SelectField, TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";
import { RolePicker } from "../shared/role-picker.js";
import { useRoles } from "../shared/use-role-options.js";

interface Values {
  kind: "application" | "agent";
  clientId: string;
  name: string;
  authMethod: string;
  grantTypes: string[];
  redirectUris: string;
  roleIds: string[];
  firstParty: boolean;
  jwks: string;
  jwksUri: string;
  logoUri: string;
  clientUri: string;
}

const FIELDS = ["kind", "name", "clientId", "authMethod", "grantTypes", "redirectUris", "jwks", "jwksUri", "roleIds", "firstParty", "logoUri", "clientUri"] as const;
const GRANTS = [
  { value: "authorization_code", label: "Authorization code (users sign in)" },
  { value: "refresh_token", label: "Refresh token" },
  { value: "client_credentials", label: "Client credentials (acts as itself)" },
];
const AUTH_METHODS = [
  { value: "none", label: "None — public client (PKCE)" },
  { value: "client_secret_basic", label: "Client secret (HTTP Basic)" },
  { value: "client_secret_post", label: "Client secret (in the request body)" },
  { value: "private_key_jwt", label: "Private key JWT (public keys registered here)" },
];

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

function initialValues(kind: "application" | "agent", c?: Client): Values {
  return {
    kind,
    clientId: "",
    name: c?.name ?? "",
    authMethod: kind === "agent" ? "client_secret_basic" : "none",
    grantTypes: kind === "agent" ? ["client_credentials"] : ["authorization_code", "refresh_token"],
    redirectUris: c?.redirectUris.join("\n") ?? "",
    roleIds: [],
    firstParty: c?.firstParty ?? false,
    jwks: "",
    jwksUri: "",
    logoUri: c?.logoUri ?? "",
    clientUri: c?.clientUri ?? "",
  };
}

function parseJwks(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return "not JSON";
  }
}

/** Register an application or an agent, or change a client's name, redirect URIs and branding. */
export function ClientForm({ kind = "application", client, onReload }: { kind?: "application" | "agent"; client?: Client; onReload?: () => void }) {
  const navigate = useNavigate();
  const notify = useToast();
  const roles = useRoles();
  const [created, setCreated] = useState<ClientCreated>();
  const editBody = (v: Values) => ({
    name: v.name.trim(),
    redirectUris: lines(v.redirectUris),
    firstParty: v.firstParty,
    logoUri: v.logoUri.trim() || null,
    clientUri: v.clientUri.trim() || null,
  });
  const form = useForm({
    initial: initialValues(kind, client),
    schema: client ? clientUpdate : clientCreate,
    fields: FIELDS,
    toPayload: (v: Values) =>
      client
        ? { ...changedFields(editBody(initialValues(kind, client)), editBody(v)), version: client.version }
        : {
            kind: v.kind,
            ...(v.clientId.trim() ? { clientId: v.clientId.trim() } : {}),
            name: v.name.trim(),
            authMethod: v.authMethod as "none",
            grantTypes: v.grantTypes as "authorization_code"[],
            redirectUris: v.grantTypes.includes("authorization_code") ? lines(v.redirectUris) : [],
            roleIds: v.roleIds,
            firstParty: v.firstParty,
            ...(v.authMethod === "private_key_jwt" && v.jwks.trim() ? { jwks: parseJwks(v.jwks) as never } : {}),
            ...(v.authMethod === "private_key_jwt" && v.jwksUri.trim() ? { jwksUri: v.jwksUri.trim() } : {}),
            ...(v.logoUri.trim() ? { logoUri: v.logoUri.trim() } : {}),
            ...(v.clientUri.trim() ? { clientUri: v.clientUri.trim() } : {}),
          },
    submit: async (payload) => {
      if (client) {
        const saved = await clientsApi.update(client.id, payload as never);
        notify("Client saved");
        navigate(`/clients/${encodeURIComponent(saved.id)}`);
        return;
      }
      const result = await clientsApi.create(payload as never);
      notify(`${result.name} registered`);
      if (result.clientSecret) setCreated(result);
      else navigate(`/clients/${encodeURIComponent(result.id)}`);
    },
  });
  const v = form.values;
  const codeFlow = v.grantTypes.includes("authorization_code");
  const cancelTo = client ? `/clients/${encodeURIComponent(client.id)}` : kind === "agent" ? "/agents" : "/clients";

  return (
    <form className="form card" onSubmit={form.onSubmit} noValidate>
      <ActionError error={form.formError} onReload={onReload} />
      <TextField form={form} name="name" label="Name" hint="Shown to users on the consent page and in the audit trail." />
      {!client && (
        <>
          <TextField form={form} name="clientId" label="Client ID" optional hint="Leave empty to generate one. Set it to pre-register a client that expects a fixed ID." />
          <SelectField form={form} name="authMethod" label="Client authentication" options={AUTH_METHODS} />
          <Field name="grantTypes" label="Grant types" error={errorFor(form.errors, "grantTypes")}>
            {(control) => (
              <div className="checkbox-list" id={control.id} tabIndex={-1} role="group" aria-describedby={control["aria-describedby"]}>
                {GRANTS.map((g) => (
                  <label key={g.value} className="inline-check">
                    <input
                      type="checkbox"
                      checked={v.grantTypes.includes(g.value)}
                      onChange={(e) => form.set("grantTypes", e.target.checked ? [...v.grantTypes, g.value] : v.grantTypes.filter((x) => x !== g.value))}
                    />
                    {g.label}
                  </label>
                ))}
              </div>
            )}
          </Field>
        </>
      )}
      {(codeFlow || client) && (
        <TextAreaField form={form} name="redirectUris" label="Redirect URIs" mono rows={3} placeholder="https://app.example.com/callback" hint="One per line: https, loopback http (any port), or a private-use scheme for native apps." />
      )}
      {!client && v.authMethod === "private_key_jwt" && (
        <>
          <TextAreaField form={form} name="jwks" label="Public keys (JWKS)" mono rows={5} placeholder='{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}]}' hint="The keys the client signs its assertions with (RFC 7523), public members only. Or give a URL below." />
          <TextField form={form} name="jwksUri" label="Or: JWKS URL (jwks_uri)" optional type="url" placeholder="https://agent.example.com/.well-known/jwks.json" hint="https only; fetched by Toolgate, never from private addresses." />
        </>
      )}
      {!client && roles.data && <RolePicker roles={roles.data} selected={v.roleIds} onChange={(ids) => form.set("roleIds", ids)} error={errorFor(form.errors, "roleIds")} />}
      {(codeFlow || client) && (
        <CheckboxField form={form} name="firstParty" label="First-party (skip the consent page)" hint="Only for applications you operate: users are not asked to approve access." />
      )}
      <details className="more">
        <summary>Branding</summary>
        <div className="form-row">
          <TextField form={form} name="logoUri" label="Logo URL" optional type="url" placeholder="https://…" />
          <TextField form={form} name="clientUri" label="Home page" optional type="url" placeholder="https://…" />
        </div>
      </details>
      <FormActions submitting={form.submitting} submitLabel={client ? "Save changes" : kind === "agent" ? "Create agent" : "Register application"} onCancel={() => navigate(cancelTo)} />
      <SecretDialog
        open={created !== undefined}
        title={`${created?.name ?? ""} registered`}
        values={created ? [{ label: "Client ID", value: created.id }, { label: "Client secret", value: created.clientSecret ?? "" }] : []}
        onClose={() => navigate(`/clients/${encodeURIComponent(created!.id)}`)}
      />
    </form>
  );
}
