import { toolsImport } from "@toolgate/contracts";
import { serversApi } from "../../api/servers-api.js";
import type { ServerDetail } from "../../api/types.js";
import { FormDialog } from "../../components/form-dialog.js";
import { useToast } from "../../components/toasts.js";
import { SelectField, TextAreaField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { parseToolsList } from "./tools-list-input.js";

interface Values {
  json: string;
  scopeStrategy: string;
  scopePrefix: string;
  scopeId: string;
}

const STRATEGIES = [
  { value: "read-write", label: "Two scopes: read-only tools and the others (prefix:read, prefix:write)" },
  { value: "per-tool", label: "One scope per tool (prefix:tool)" },
  { value: "single", label: "All tools in one existing scope" },
];

/** Creates or updates tools from a pasted `tools/list` result; scopes are made as chosen. */
export function ImportToolsDialog({ server, open, onClose, onImported }: { server: ServerDetail; open: boolean; onClose: () => void; onImported: () => void }) {
  const notify = useToast();
  const form = useForm({
    initial: { json: "", scopeStrategy: "read-write", scopePrefix: "", scopeId: server.scopes[0]?.id ?? "" } as Values,
    schema: toolsImport,
    fields: ["json", "scopeStrategy", "scopePrefix", "scopeId"],
    // Anything about the pasted result (result.tools.2.name…) belongs to the text box.
    fieldFor: (path) => (path === "result" || path.startsWith("result.") ? "json" : path),
    toPayload: (v: Values) => {
      const parsed = parseToolsList(v.json);
      return {
        // An unparseable paste yields a result the schema refuses; the message below replaces zod's.
        result: parsed.ok ? parsed.result : (undefined as never),
        scopeStrategy: v.scopeStrategy as "per-tool",
        ...(v.scopeStrategy !== "single" && v.scopePrefix.trim() ? { scopePrefix: v.scopePrefix.trim() } : {}),
        ...(v.scopeStrategy === "single" ? { scopeId: v.scopeId || undefined } : {}),
      };
    },
    submit: async (payload) => {
      const r = await serversApi.importTools(server.id, payload);
      notify(`Imported ${r.created.length + r.updated.length} tools (${r.created.length} new, ${r.updated.length} updated${r.scopesCreated.length ? `, ${r.scopesCreated.length} scopes created` : ""})`);
      form.reset({ ...form.values, json: "" });
      onImported();
      onClose();
    },
  });
  const parsed = parseToolsList(form.values.json);
  const errors = !parsed.ok && form.errors.json ? { ...form.errors, json: parsed.message } : form.errors;
  const shown = { ...form, errors };

  return (
    <FormDialog
      id="import-tools"
      form={form}
      open={open}
      wide
      title="Import tools from tools/list"
      submitLabel={parsed.ok ? `Import ${parsed.result.tools.length} tools` : "Import"}
      busyLabel="Importing…"
      onClose={onClose}
    >
      <TextAreaField
        form={shown}
        name="json"
        label="tools/list result"
        rows={10}
        mono
        placeholder='{"tools":[{"name":"browse","description":"…","annotations":{"readOnlyHint":true}}]}'
        hint={parsed.ok ? `Found ${parsed.result.tools.length} tools: ${parsed.result.tools.map((t) => t.name).join(", ")}` : "Paste the JSON an MCP client or the Inspector shows for tools/list. Tools are matched by name: existing ones are updated."}
      />
      <SelectField form={form} name="scopeStrategy" label="Scopes" options={STRATEGIES} />
      {form.values.scopeStrategy === "single" ? (
        <SelectField form={form} name="scopeId" label="Scope" options={[{ value: "", label: "Choose a scope" }, ...server.scopes.map((s) => ({ value: s.id, label: s.name }))]} />
      ) : (
        <TextField form={form} name="scopePrefix" label="Scope prefix" optional placeholder={server.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")} hint="Defaults to the server's name." />
      )}
    </FormDialog>
  );
}
