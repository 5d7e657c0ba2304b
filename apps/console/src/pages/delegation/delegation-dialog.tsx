import { delegationCreate } from "@toolgate/contracts";
import { clientsApi } from "../../api/clients-api.js";
import { delegationApi } from "../../api/delegation-api.js";
import { usersApi } from "../../api/users-api.js";
import { FormDialog } from "../../components/form-dialog.js";
import { RecordPicker } from "../../components/record-picker.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { Field, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { useAllServerDetails } from "../shared/use-all-scopes.js";

interface Values {
  userId: string;
  agentId: string;
  scopes: string[];
  expiresAt: string;
}

interface DelegationDialogProps {
  /** The user or agent whose page the dialog opens from. */
  fixed?: { userId?: string; userLabel?: string; agentId?: string; agentLabel?: string };
  onClose: () => void;
  onSaved: () => void;
}

const searchUsers = (q: string, signal: AbortSignal) =>
  usersApi.list({ q, pageSize: 30 }, signal).then((p) => p.items.map((u) => ({ value: u.id, label: u.name ? `${u.email} (${u.name})` : u.email })));
const searchAgents = (q: string, signal: AbortSignal) =>
  clientsApi.list({ q, kind: "agent", pageSize: 30 }, signal).then((p) => p.items.map((c) => ({ value: c.id, label: c.name ? `${c.name} (${c.id})` : c.id })));

/** Lets an agent act on a user's behalf (token exchange, on-behalf-of), optionally limited and until a date. */
export function DelegationDialog({ fixed = {}, onClose, onSaved }: DelegationDialogProps) {
  const notify = useToast();
  const servers = useAllServerDetails();
  const form = useForm({
    initial: { userId: fixed.userId ?? "", agentId: fixed.agentId ?? "", scopes: [], expiresAt: "" } as Values,
    schema: delegationCreate,
    fields: ["userId", "agentId", "scopes", "expiresAt"],
    toPayload: (v: Values) => {
      const expires = v.expiresAt ? new Date(v.expiresAt) : undefined;
      return {
        userId: v.userId,
        agentId: v.agentId,
        scopes: v.scopes,
        // An unreadable date is sent as is, so the schema names the field.
        expiresAt: expires ? (Number.isNaN(expires.getTime()) ? v.expiresAt : expires.toISOString()) : null,
      };
    },
    submit: async (payload) => {
      const created = await delegationApi.createDelegation(payload);
      notify(`${created.agentName || created.agentId} may now act for ${created.userEmail}`);
      onSaved();
      onClose();
    },
  });
  const v = form.values;
  const toggle = (name: string, on: boolean) => form.set("scopes", on ? [...new Set([...v.scopes, name])] : v.scopes.filter((s) => s !== name));
  const withScopes = (servers.data ?? []).filter((s) => s.scopes.length > 0);

  return (
    <FormDialog id="delegation-form" form={form} wide title="Let an agent act for a user" submitLabel="Create delegation" onClose={onClose}>
      <Field name="userId" label="User" error={errorFor(form.errors, "userId")}>
        {(control) =>
          fixed.userId ? (
            <input {...control} readOnly value={fixed.userLabel ?? fixed.userId} />
          ) : (
            <RecordPicker control={control} noun="users" value={v.userId} onChange={(id) => form.set("userId", id)} search={searchUsers} />
          )
        }
      </Field>
      <Field name="agentId" label="Agent" hint="An agent client: it exchanges its own token for one that acts for the user." error={errorFor(form.errors, "agentId")}>
        {(control) =>
          fixed.agentId ? (
            <input {...control} readOnly value={fixed.agentLabel ?? fixed.agentId} />
          ) : (
            <RecordPicker control={control} noun="agents" value={v.agentId} onChange={(id) => form.set("agentId", id)} search={searchAgents} />
          )
        }
      </Field>
      <Field name="scopes" label="Scopes" optional hint="None chosen: whatever both the user and the agent may have." error={errorFor(form.errors, "scopes")}>
        {(control) => (
          <div className="checkbox-list" id={control.id} tabIndex={-1} role="group" aria-label="Scopes" aria-describedby={control["aria-describedby"]}>
            {servers.loading ? (
              <p className="muted">Loading scopes…</p>
            ) : servers.error ? (
              <p className="field-error">The MCP servers' scopes could not be loaded.</p>
            ) : withScopes.length === 0 ? (
              <p className="muted">No MCP server has scopes yet.</p>
            ) : (
              withScopes.map((server) => (
                <div key={server.id} className="scope-group">
                  <p className="scope-group-title">{server.name}</p>
                  {server.scopes.map((s) => (
                    <label key={s.id} className="inline-check">
                      <input type="checkbox" checked={v.scopes.includes(s.name)} onChange={(e) => toggle(s.name, e.target.checked)} />
                      <code>{s.name}</code>
                    </label>
                  ))}
                </div>
              ))
            )}
          </div>
        )}
      </Field>
      <TextField form={form} name="expiresAt" label="Expires" type="datetime-local" optional hint="Leave empty for a delegation that lasts until it is ended." />
    </FormDialog>
  );
}
