import { scopeCreate, scopeUpdate } from "@toolgate/contracts";
import { serversApi } from "../../api/servers-api.js";
import type { Scope } from "../../api/types.js";
import { FormDialog } from "../../components/form-dialog.js";
import { useToast } from "../../components/toasts.js";
import { TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";

interface Values {
  name: string;
  description: string;
}

export function ScopeDialog({ serverId, scope, onClose, onSaved }: { serverId: string; scope?: Scope; onClose: () => void; onSaved: () => void }) {
  const notify = useToast();
  const initial: Values = { name: scope?.name ?? "", description: scope?.description ?? "" };
  const form = useForm({
    initial,
    schema: scope ? scopeUpdate : scopeCreate,
    fields: ["name", "description"],
    toPayload: (v: Values) => (scope ? { ...changedFields(initial, v), version: scope.version } : v),
    submit: async (payload) => {
      if (scope) await serversApi.updateScope(scope.id, payload as never);
      else await serversApi.createScope(serverId, payload as never);
      notify(scope ? "Scope saved" : "Scope added");
      onSaved();
      onClose();
    },
  });
  return (
    <FormDialog id="scope-form" form={form} title={scope ? `Edit scope ${scope.name}` : "Add a scope"} submitLabel={scope ? "Save scope" : "Add scope"} onClose={onClose}>
      <TextField form={form} name="name" label="Name" placeholder="research:read" hint="Printable ASCII without spaces or quotes (RFC 6749 §3.3). Renaming affects the next tokens." />
      <TextAreaField form={form} name="description" label="Description" optional hint="Shown to users on the consent page." />
    </FormDialog>
  );
}
