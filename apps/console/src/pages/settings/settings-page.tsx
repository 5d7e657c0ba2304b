import { settingsUpdate } from "@toolgate/contracts";
import { settingsApi } from "../../api/settings-api.js";
import type { Role, Server, Settings } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { SelectField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { useResource } from "../../hooks/use-resource.js";
import { defaultRoleOptions, useRoles } from "../shared/use-role-options.js";
import { useServers } from "../shared/use-servers.js";
import { PATHS } from "../../app/paths.js";
import { CopyField } from "../../components/code-block.js";
import { DeploymentSettingsPanel } from "./deployment-settings.js";
import { RegistrationTokensPanel } from "./registration-tokens-panel.js";

export function SettingsPage() {
  const settings = useResource((signal) => settingsApi.get(signal), []);
  const roles = useRoles();
  const servers = useServers();
  return (
    <>
      <PageHeader title="Settings" description="Server-wide settings: what you change here applies at once; what the deployment sets is shown read-only." />
      <Loadable resource={settings}>
        {(s) => (
          <>
            {/* The role list is the form's options: loading, or failed with its own Retry, never a missing form. */}
            <Loadable resource={roles}>{(r) => <RegistrationSettings key={s.registrationDefaultRoleId ?? "none"} settings={s} roles={r} onSaved={settings.set} />}</Loadable>
            <Loadable resource={servers}>{(list) => <DefaultResourceSettings key={s.defaultResourceServerId ?? "none"} settings={s} servers={list} onSaved={settings.set} />}</Loadable>
            <RegistrationTokensPanel mode={s.deployment.registration} />
            <DeploymentSettingsPanel deployment={s.deployment} />
            <section className="card section-card" aria-labelledby="endpoints-heading">
              <h2 id="endpoints-heading">Endpoints</h2>
              <CopyField label="Issuer" value={PATHS.issuer} />
              <CopyField label="Authorization server metadata" value={`${PATHS.issuer}/.well-known/oauth-authorization-server`} />
              {s.deployment.registration !== "off" && <CopyField label="Dynamic Client Registration" value={`${PATHS.issuer}/reg`} />}
              <CopyField label="Admin API (OpenAPI)" value={`${PATHS.issuer}/api/openapi.json`} />
            </section>
          </>
        )}
      </Loadable>
    </>
  );
}

function RegistrationSettings({ settings, roles, onSaved }: { settings: Settings; roles: Role[]; onSaved: (s: Settings) => void }) {
  const notify = useToast();
  const form = useForm({
    initial: { registrationDefaultRoleId: settings.registrationDefaultRoleId ?? "" },
    schema: settingsUpdate,
    fields: ["registrationDefaultRoleId"],
    toPayload: (v: { registrationDefaultRoleId: string }) => ({ registrationDefaultRoleId: v.registrationDefaultRoleId || null }),
    submit: async (payload) => {
      onSaved(await settingsApi.update(payload));
      notify("Settings saved");
    },
  });
  return (
    <form className="form card section-card" onSubmit={form.onSubmit} noValidate aria-labelledby="registration-heading">
      <h2 id="registration-heading">Self-registered clients</h2>
      <ActionError error={form.formError} />
      <SelectField
        form={form}
        name="registrationDefaultRoleId"
        label="Default role for self-registered clients, on every MCP server"
        options={defaultRoleOptions(roles)}
        hint="A ceiling, not a grant: a client that registered itself (DCR or CIMD) may carry for a user up to that user's own roles, within this role and each MCP server's own default role. Administrative scopes are never reachable by self-registration, so a role that grants them is refused."
      />
      {settings.deployment.registration === "off" && !settings.deployment.clientIdMetadataDocuments && (
        <p className="muted small">On this server no client can register itself (registration and metadata documents are both off), so no client gets it until that changes.</p>
      )}
      <FormActions submitting={form.submitting} submitLabel="Save" />
    </form>
  );
}

/** The audience of token requests without `resource` when their scopes do not name one server (docs/tokens.md). */
function DefaultResourceSettings({ settings, servers, onSaved }: { settings: Settings; servers: Server[]; onSaved: (s: Settings) => void }) {
  const notify = useToast();
  const form = useForm({
    initial: { defaultResourceServerId: settings.defaultResourceServerId ?? "" },
    schema: settingsUpdate,
    fields: ["defaultResourceServerId"],
    toPayload: (v: { defaultResourceServerId: string }) => ({ defaultResourceServerId: v.defaultResourceServerId || null }),
    submit: async (payload) => {
      onSaved(await settingsApi.update(payload));
      notify("Settings saved");
    },
  });
  return (
    <form className="form card section-card" onSubmit={form.onSubmit} noValidate aria-labelledby="default-resource-heading">
      <h2 id="default-resource-heading">Requests without a resource</h2>
      <ActionError error={form.formError} />
      <SelectField
        form={form}
        name="defaultResourceServerId"
        label="Default MCP server"
        options={[{ value: "", label: "None: such requests are refused (invalid_target)" }, ...servers.map((s) => ({ value: s.id, label: `${s.name} — ${s.resourceUri}` }))]}
        hint="Some clients send no resource indicator. Toolgate issues their token for the one MCP server that has every scope they ask for; when the scopes do not say (none asked for), for this server. Scopes of several servers are always refused."
      />
      <FormActions submitting={form.submitting} submitLabel="Save" />
    </form>
  );
}
