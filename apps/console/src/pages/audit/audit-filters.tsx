import { useEffect, useId, useState, type FormEvent } from "react";
import { AUDIT_FILTER_KEYS, type AuditFilterValues } from "./audit-filter-state.js";

const TYPES = ["token.*", "token.issued", "token.refused", "tool.call", "client.registered", "login.*", "consent.*", "admin.*", "admin.client.*", "admin.server.*", "admin.role.*", "admin.identity_provider.*", "admin.sign_in_rule.*", "admin.exchange_policy.*", "admin.delegation.*"];

/** The trail's filters: text filters apply on Enter or Apply; everything lives in the URL. */
export function AuditFilters({ values, onApply }: { values: AuditFilterValues; onApply: (values: AuditFilterValues) => void }) {
  const [draft, setDraft] = useState(values);
  const id = useId();
  useEffect(() => setDraft(values), [values]);
  const set = (k: keyof AuditFilterValues, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const input = (k: keyof AuditFilterValues, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input id={`${id}-${k}`} value={draft[k]} onChange={(e) => set(k, e.target.value)} {...props} />
    </div>
  );
  return (
    <form className="filters card" onSubmit={submit} aria-label="Audit filters">
      <div className="filters-grid">
        {input("from", "From", { type: "datetime-local" })}
        {input("to", "To", { type: "datetime-local" })}
        {input("type", "Event type", { list: `${id}-types`, placeholder: "token.* or tool.call" })}
        <datalist id={`${id}-types`}>
          {TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <div className="field">
          <label htmlFor={`${id}-decision`}>Decision</label>
          <select id={`${id}-decision`} value={draft.decision} onChange={(e) => set("decision", e.target.value)}>
            <option value="">Any</option>
            <option value="allow">Allowed</option>
            <option value="deny">Denied</option>
          </select>
        </div>
        {input("subject", "Subject", { placeholder: "user or agent id" })}
        {input("clientId", "Client ID")}
        {input("resource", "MCP server (resource URI)", { placeholder: "https://…" })}
        {input("tool", "Tool")}
        {input("target", "Changed record (id)", { placeholder: "admin changes made to it" })}
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={() => onApply(Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, ""])) as AuditFilterValues)}>
          Clear
        </button>
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
      </div>
    </form>
  );
}
