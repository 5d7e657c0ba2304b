import { roleCreate, roleUpdate } from "@toolgate/contracts";
import { useNavigate } from "react-router";
import { rolesApi } from "../../api/roles-api.js";
import type { Role } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { ErrorState } from "../../components/error-state.js";
import { LoadingState } from "../../components/loading-state.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";
import { useAllServerDetails } from "../shared/use-all-scopes.js";
import { ScopePicker } from "./scope-picker.js";

interface Values {
  name: string;
  description: string;
  scopeIds: string[];
}

const valuesOf = (r: Role | undefined): Values => ({ name: r?.name ?? "", description: r?.description ?? "", scopeIds: r?.scopes.map((s) => s.id) ?? [] });

export function RoleForm({ role, onReload }: { role?: Role; onReload?: () => void }) {
  const navigate = useNavigate();
  const notify = useToast();
  const servers = useAllServerDetails();
  const form = useForm({
    initial: valuesOf(role),
    schema: role ? roleUpdate : roleCreate,
    fields: ["name", "description", "scopeIds"],
    toPayload: (v: Values) => {
      const body = { name: v.name.trim(), description: v.description, scopeIds: [...v.scopeIds].sort() };
      if (!role) return body;
      const before = valuesOf(role);
      return { ...changedFields({ ...before, scopeIds: [...before.scopeIds].sort() }, body), version: role.version };
    },
    submit: async (payload) => {
      const saved = role ? await rolesApi.update(role.id, payload as never) : await rolesApi.create(payload as never);
      notify(role ? `Role ${saved.name} saved` : `Role ${saved.name} created`);
      navigate(`/roles/${saved.id}`);
    },
  });
  return (
    <form className="form card" onSubmit={form.onSubmit} noValidate>
      <ActionError error={form.formError} onReload={onReload} />
      {role?.builtIn && <div className="alert alert-info">The built-in administrator role keeps its name and scopes; only its description can change.</div>}
      <TextField form={form} name="name" label="Name" placeholder="research-reader" hint="Lower-case letters, digits, . _ -" readOnly={role?.builtIn} />
      <TextAreaField form={form} name="description" label="Description" optional />
      {servers.loading ? (
        <LoadingState label="Loading scopes…" />
      ) : servers.error ? (
        <ErrorState error={servers.error} onRetry={servers.reload} />
      ) : (
        <ScopePicker servers={servers.data ?? []} selected={form.values.scopeIds} onChange={(ids) => form.set("scopeIds", ids)} error={errorFor(form.errors, "scopeIds")} disabled={role?.builtIn} />
      )}
      <FormActions submitting={form.submitting} submitLabel={role ? "Save changes" : "Create role"} onCancel={() => navigate(role ? `/roles/${role.id}` : "/roles")} />
    </form>
  );
}
