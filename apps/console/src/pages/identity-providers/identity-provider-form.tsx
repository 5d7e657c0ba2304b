import { identityProviderCreate, identityProviderUpdate } from "@toolgate/contracts";
import { useNavigate } from "react-router";
import { identityProvidersApi } from "../../api/identity-providers-api.js";
import type { IdentityProvider } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { CheckboxField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { CLAIM_FIELDS, createPayload, fieldForPath, identityProviderValues, updatePayload, type IdentityProviderValues } from "./identity-provider-payload.js";

/** Create or edit an upstream OpenID Connect provider. The client secret is write-only: keep, replace or remove it. */
export function IdentityProviderForm({ provider, onReload }: { provider?: IdentityProvider; onReload?: () => void }) {
  const navigate = useNavigate();
  const notify = useToast();
  const form = useForm({
    initial: identityProviderValues(provider),
    schema: provider ? identityProviderUpdate : identityProviderCreate,
    fields: ["name", "slug", "issuer", "clientId", "clientSecret", "scopes", "claimEmail", "claimName", "claimUsername", "claimGroups", "enabled"],
    fieldFor: fieldForPath,
    toPayload: (v: IdentityProviderValues) => (provider ? updatePayload(provider, v) : createPayload(v)),
    submit: async (payload) => {
      const saved = provider ? await identityProvidersApi.update(provider.id, payload as never) : await identityProvidersApi.create(payload as never);
      notify(provider ? `${saved.name} saved` : `${saved.name} added`);
      navigate(`/identity-providers/${saved.id}`);
    },
  });
  const v = form.values;
  const claimError = Object.values(CLAIM_FIELDS).some((f) => errorFor(form.errors, f));

  return (
    <form className="form card" onSubmit={form.onSubmit} noValidate>
      <ActionError error={form.formError} onReload={onReload} />
      <div className="form-row">
        <TextField form={form} name="name" label="Name" hint={'Shown on the sign-in page: "Continue with …".'} />
        <TextField
          form={form}
          name="slug"
          label="Slug"
          readOnly={Boolean(provider)}
          hint={provider ? "Fixed once created." : "Lower-case letters, digits and -; identifies the provider in URLs."}
        />
      </div>
      <TextField
        form={form}
        name="issuer"
        label="Issuer"
        type="url"
        placeholder="https://sso.example.com"
        hint="The provider's OpenID Connect issuer (its discovery document is at /.well-known/openid-configuration). https, or http only on localhost."
      />
      <TextField form={form} name="clientId" label="Client ID" hint="The client Toolgate is registered as at the provider." />
      {provider ? (
        <fieldset className="field">
          <legend>Client secret</legend>
          <label className="inline-check">
            <input type="radio" name="secretAction" checked={v.secretAction === "keep"} onChange={() => form.set("secretAction", "keep")} />
            {provider.hasClientSecret ? "Keep the stored secret" : "No secret (public client with PKCE)"}
          </label>
          <label className="inline-check">
            <input type="radio" name="secretAction" checked={v.secretAction === "replace"} onChange={() => form.set("secretAction", "replace")} />
            {provider.hasClientSecret ? "Replace it" : "Set a secret"}
          </label>
          {provider.hasClientSecret && (
            <label className="inline-check">
              <input type="radio" name="secretAction" checked={v.secretAction === "clear"} onChange={() => form.set("secretAction", "clear")} />
              Remove it (the provider must accept a public client with PKCE)
            </label>
          )}
          {v.secretAction === "replace" && <TextField form={form} name="clientSecret" label="New client secret" type="password" autoComplete="new-password" />}
        </fieldset>
      ) : (
        <TextField
          form={form}
          name="clientSecret"
          label="Client secret"
          type="password"
          optional
          autoComplete="new-password"
          hint="Stored encrypted and never shown again. Leave empty if the provider registered Toolgate as a public client (PKCE)."
        />
      )}
      <TextField form={form} name="scopes" label="Scopes" hint="Space-separated; must include openid. Add groups (or your provider's equivalent) for group sign-in rules." />
      <details className="more" open={claimError || undefined}>
        <summary>Claim mapping</summary>
        <p className="hint">Which claims of the provider's ID token fill the Toolgate account.</p>
        <div className="form-row">
          <TextField form={form} name="claimEmail" label="Email claim" />
          <TextField form={form} name="claimName" label="Name claim" />
        </div>
        <div className="form-row">
          <TextField form={form} name="claimUsername" label="Username claim" />
          <TextField form={form} name="claimGroups" label="Groups claim" />
        </div>
      </details>
      <CheckboxField form={form} name="enabled" label="Enabled" hint="Shown on the sign-in page. Disabled, its users cannot sign in through it." />
      <FormActions submitting={form.submitting} submitLabel={provider ? "Save changes" : "Add identity provider"} onCancel={() => navigate(provider ? `/identity-providers/${provider.id}` : "/identity-providers")} />
    </form>
  );
}
