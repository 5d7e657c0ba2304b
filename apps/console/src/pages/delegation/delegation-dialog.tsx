import { delegationCreate, delegationUpdate } from "@toolgate/contracts";
import { delegationApi } from "../../api/delegation-api.js";
import type { Delegation, DelegationUpdate } from "../../api/types.js";
import { FormDialog } from "../../components/form-dialog.js";
import { RecordPicker } from "../../components/record-picker.js";
import { useToast } from "../../components/toasts.js";
import { fromDateTimeLocal, toDateTimeLocal } from "../../format/datetime-local.js";
import { errorFor } from "../../forms/field-errors.js";
import { Field, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";
import { searchAgents, searchUsers } from "../shared/record-search.js";
import { delegationNarrowing, type Narrowing } from "./delegation-narrowing.js";
import { DelegationScopes } from "./delegation-scopes.js";

interface Values {
  userId: string;
  agentId: string;
  scopes: string[];
  expiresAt: string;
}

interface DelegationDialogProps {
  /** Change this delegation's scopes and end; otherwise create one. */
  delegation?: Delegation;
  /** The user or agent whose page the dialog opens from. */
  fixed?: { userId?: string; userLabel?: string; agentId?: string; agentLabel?: string };
  onClose: () => void;
  onSaved: () => void;
}

const valuesOf = (d: Delegation | undefined, fixed: NonNullable<DelegationDialogProps["fixed"]>): Values => ({
  userId: d?.userId ?? fixed.userId ?? "",
  agentId: d?.agentId ?? fixed.agentId ?? "",
  scopes: d ? [...d.scopes] : [],
  expiresAt: toDateTimeLocal(d?.expiresAt ?? null),
});

/** What an edit sends: only what changed (an end left as it was keeps its seconds). */
function updatePayload(d: Delegation, v: Values): DelegationUpdate {
  const comparable = (x: Values) => ({ scopes: [...x.scopes].sort(), expiresAt: x.expiresAt });
  const changed = changedFields(comparable(valuesOf(d, {})), comparable(v));
  return { ...(changed.scopes ? { scopes: changed.scopes } : {}), ...("expiresAt" in changed ? { expiresAt: fromDateTimeLocal(v.expiresAt) } : {}) };
}

/**
 * Lets an agent act on a user's behalf (token exchange, on-behalf-of), optionally limited and
 * until a date; or changes that. Narrowing a delegation revokes the tokens it produced, which
 * the dialog says before saving.
 */
export function DelegationDialog({ delegation, fixed = {}, onClose, onSaved }: DelegationDialogProps) {
  const notify = useToast();
  const form = useForm({
    initial: valuesOf(delegation, fixed),
    schema: delegation ? delegationUpdate : delegationCreate,
    fields: ["userId", "agentId", "scopes", "expiresAt"],
    toPayload: (v: Values) =>
      delegation ? updatePayload(delegation, v) : { userId: v.userId, agentId: v.agentId, scopes: v.scopes, expiresAt: fromDateTimeLocal(v.expiresAt) },
    submit: async (payload) => {
      if (delegation) {
        if (Object.keys(payload).length > 0) {
          const saved = await delegationApi.updateDelegation(delegation.id, payload);
          notify(narrowing ? `Delegation saved; the tokens it produced are revoked` : `Delegation of ${saved.userEmail} to ${saved.agentName || saved.agentId} saved`);
          onSaved();
        }
      } else {
        const created = await delegationApi.createDelegation(payload as Parameters<typeof delegationApi.createDelegation>[0]);
        notify(`${created.agentName || created.agentId} may now act for ${created.userEmail}`);
        onSaved();
      }
      onClose();
    },
  });
  const v = form.values;
  const payload = delegation ? updatePayload(delegation, v) : undefined;
  const narrowing =
    delegation && payload
      ? delegationNarrowing(delegation, { scopes: payload.scopes ?? delegation.scopes, expiresAt: payload.expiresAt !== undefined ? payload.expiresAt : delegation.expiresAt })
      : undefined;
  const agentName = delegation ? delegation.agentName || delegation.agentId : "";

  return (
    <FormDialog
      id="delegation-form"
      form={form}
      wide
      title={delegation ? `What ${agentName} may do for ${delegation.userEmail}` : "Let an agent act for a user"}
      submitLabel={!delegation ? "Create delegation" : narrowing ? "Save and revoke its tokens" : "Save changes"}
      onClose={onClose}
    >
      <Field name="userId" label="User" error={errorFor(form.errors, "userId")}>
        {(control) =>
          delegation || fixed.userId ? (
            <input {...control} readOnly value={delegation?.userEmail ?? fixed.userLabel ?? fixed.userId} />
          ) : (
            <RecordPicker control={control} noun="users" value={v.userId} onChange={(id) => form.set("userId", id)} search={searchUsers} />
          )
        }
      </Field>
      <Field name="agentId" label="Agent" hint="An agent client: it exchanges its own token for one that acts for the user." error={errorFor(form.errors, "agentId")}>
        {(control) =>
          delegation || fixed.agentId ? (
            <input {...control} readOnly value={delegation ? agentName : (fixed.agentLabel ?? fixed.agentId)} />
          ) : (
            <RecordPicker control={control} noun="agents" value={v.agentId} onChange={(id) => form.set("agentId", id)} search={searchAgents} />
          )
        }
      </Field>
      <Field name="scopes" label="Scopes" optional hint="None chosen: whatever both the user and the agent may have." error={errorFor(form.errors, "scopes")}>
        {(control) => <DelegationScopes control={control} selected={v.scopes} onChange={(scopes) => form.set("scopes", scopes)} />}
      </Field>
      <TextField form={form} name="expiresAt" label="Expires" type="datetime-local" optional hint="Leave empty for a delegation that lasts until it is ended." />
      {delegation && narrowing && <NarrowingWarning narrowing={narrowing} agent={agentName} user={delegation.userEmail} />}
    </FormDialog>
  );
}

/** Before saving: this change narrows the delegation, so the tokens it produced are revoked. */
function NarrowingWarning({ narrowing, agent, user }: { narrowing: Narrowing; agent: string; user: string }) {
  const reasons = [
    narrowing.removedScopes.length > 0 && `${agent} may no longer use ${narrowing.removedScopes.join(", ")} for ${user}`,
    narrowing.limitedToChosen && "it is limited to the chosen scopes (it allowed whatever both may have)",
    narrowing.endsSoon && "it ends before tokens already issued under it would expire (they live up to 24 hours)",
  ].filter((r): r is string => Boolean(r));
  return (
    <div className="alert alert-warning" role="note">
      <p className="alert-title">Saving revokes the tokens this delegation produced</p>
      <p>
        This narrows the delegation: {reasons.join("; ")}. The tokens {agent} obtained for {user} through it are revoked at once; its next exchange gets new ones within the
        new limits.
      </p>
    </div>
  );
}
