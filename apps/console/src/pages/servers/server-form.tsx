import { serverCreate, serverUpdate } from "@toolgate/contracts";
import { useNavigate } from "react-router";
import type { ServerDetail } from "../../api/types.js";
import { serversApi } from "../../api/servers-api.js";
import { ActionError } from "../../components/action-error.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";
import { defaultRoleOptions, useRoles } from "../shared/use-role-options.js";

interface Values {
  name: string;
  resourceUri: string;
  description: string;
  accessTokenTtl: string;
  defaultRoleId: string;
  requireApproval: boolean;
}

const FIELDS = ["name", "resourceUri", "description", "accessTokenTtl", "defaultRoleId", "requireApproval"] as const;

function valuesOf(s: ServerDetail | undefined): Values {
  return {
    name: s?.name ?? "",
    resourceUri: s?.resourceUri ?? "",
    description: s?.description ?? "",
    accessTokenTtl: String(s?.accessTokenTtl ?? 300),
    defaultRoleId: s?.defaultRoleId ?? "",
    requireApproval: s?.requireApproval ?? false,
  };
}

function body(v: Values) {
  return {
    name: v.name.trim(),
    resourceUri: v.resourceUri.trim(),
    description: v.description,
    accessTokenTtl: v.accessTokenTtl.trim() === "" ? Number.NaN : Number(v.accessTokenTtl),
    defaultRoleId: v.defaultRoleId || null,
    requireApproval: v.requireApproval,
  };
}

/** Create or edit an MCP server: its resource URI (the token audience), defaults and token lifetime. */
export function ServerForm({ server, onReload }: { server?: ServerDetail; onReload?: () => void }) {
  const navigate = useNavigate();
  const notify = useToast();
  const roles = useRoles();
  const editing = server !== undefined;
  const form = useForm({
    initial: valuesOf(server),
    schema: editing ? serverUpdate : serverCreate,
    fields: FIELDS,
    toPayload: (v: Values) => (editing ? { ...changedFields(body(valuesOf(server)), body(v)), version: server.version } : body(v)),
    submit: async (payload) => {
      const saved = editing ? await serversApi.update(server.id, payload as never) : await serversApi.create(payload as never);
      notify(editing ? "MCP server saved" : "MCP server created — now add its tools");
      navigate(`/servers/${saved.id}${editing ? "" : "?tab=tools"}`);
    },
  });

  const roleOptions = defaultRoleOptions(roles.data ?? []);
  return (
    <form className="form card" onSubmit={form.onSubmit} noValidate>
      <ActionError error={form.formError} onReload={onReload} />
      <TextField form={form} name="name" label="Name" hint="Shown to users on the consent page." readOnly={server?.builtIn} />
      <TextField
        form={form}
        name="resourceUri"
        label="Resource URI"
        type="url"
        placeholder="https://mcp.example.com/mcp"
        hint="The MCP endpoint's URL, exactly as clients call it. It becomes the audience of every token for this server (RFC 8707)."
        readOnly={server?.builtIn}
      />
      <TextAreaField form={form} name="description" label="Description" optional />
      <div className="form-row">
        <TextField form={form} name="accessTokenTtl" label="Access token lifetime (seconds)" inputMode="numeric" hint="60 s to 24 h; short lifetimes make revocation faster." />
        <SelectField
          form={form}
          name="defaultRoleId"
          label="Default role for self-registered clients"
          options={roleOptions}
          hint="The most a client that registered itself (DCR, CIMD) may carry for a user on this server: each user's own roles still apply. Only this server's scopes count; a role with administrative scopes is refused. None: such clients get nothing here."
        />
      </div>
      <CheckboxField
        form={form}
        name="requireApproval"
        label="Self-registered clients need an administrator's approval"
        hint="They get no token for this server until approved."
      />
      <FormActions submitting={form.submitting} submitLabel={editing ? "Save changes" : "Create MCP server"} onCancel={() => navigate(editing ? `/servers/${server.id}` : "/servers")} />
    </form>
  );
}
