import { toolCreate, toolUpdate } from "@toolgate/contracts";
import { serversApi } from "../../api/servers-api.js";
import type { ServerDetail, Tool } from "../../api/types.js";
import { FormDialog } from "../../components/form-dialog.js";
import { useToast } from "../../components/toasts.js";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";

interface Values {
  name: string;
  title: string;
  description: string;
  scopeId: string;
  readOnly: boolean;
}

const valuesOf = (t: Tool | undefined, server: ServerDetail): Values => ({
  name: t?.name ?? "",
  title: t?.title ?? "",
  description: t?.description ?? "",
  scopeId: t?.scopeId ?? server.scopes[0]?.id ?? "",
  readOnly: t?.readOnly ?? false,
});

/** Add a tool by hand, or change one: which scope it requires is the decision that matters. */
export function ToolDialog({ server, tool, onClose, onSaved }: { server: ServerDetail; tool?: Tool; onClose: () => void; onSaved: () => void }) {
  const notify = useToast();
  const form = useForm({
    initial: valuesOf(tool, server),
    schema: tool ? toolUpdate : toolCreate,
    fields: ["name", "title", "description", "scopeId", "readOnly"],
    toPayload: (v: Values) => (tool ? { ...changedFields(valuesOf(tool, server), v), version: tool.version } : v),
    submit: async (payload) => {
      if (tool) await serversApi.updateTool(tool.id, payload as never);
      else await serversApi.createTool(server.id, payload as never);
      const name = (payload as { name?: string }).name ?? tool?.name ?? "";
      notify(tool ? `Tool ${name} saved` : `Tool ${name} added`);
      onSaved();
      onClose();
    },
  });
  return (
    <FormDialog id="tool-form" form={form} title={tool ? `Edit tool ${tool.name}` : "Add a tool"} submitLabel={tool ? "Save tool" : "Add tool"} onClose={onClose}>
      <TextField form={form} name="name" label="Name" hint="Exactly as the MCP server names it in tools/list." />
      <TextField form={form} name="title" label="Title" optional />
      <TextAreaField form={form} name="description" label="Description" optional />
      <SelectField
        form={form}
        name="scopeId"
        label="Required scope"
        options={[{ value: "", label: server.scopes.length ? "Choose a scope" : "Add a scope first" }, ...server.scopes.map((s) => ({ value: s.id, label: s.name }))]}
        hint="A token must carry this scope to call the tool. Tools sharing a scope form a tool group."
      />
      <CheckboxField form={form} name="readOnly" label="Read-only" hint="The tool changes nothing (readOnlyHint)." />
    </FormDialog>
  );
}
