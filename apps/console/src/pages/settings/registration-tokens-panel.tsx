import { registrationTokenCreate } from "@toolgate/contracts";
import { useState } from "react";
import { PATHS } from "../../app/paths.js";
import { settingsApi } from "../../api/settings-api.js";
import type { DeploymentSettings, RegistrationToken } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { SecretDialog } from "../../components/secret-dialog.js";
import { useToast } from "../../components/toasts.js";
import { SelectField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { formatDateTime } from "../../format/time.js";

const LIFETIMES = [
  { value: String(3600), label: "1 hour" },
  { value: String(86_400), label: "1 day" },
  { value: String(7 * 86_400), label: "7 days" },
  { value: String(30 * 86_400), label: "30 days" },
  { value: String(90 * 86_400), label: "90 days" },
];

/**
 * Initial access tokens for Dynamic Client Registration (RFC 7591 §3). They are what registration
 * needs when the server runs with TOOLGATE_REGISTRATION=token; in the other modes the panel says
 * why none is needed.
 */
export function RegistrationTokensPanel({ mode }: { mode: DeploymentSettings["registration"] }) {
  return (
    <section className="card section-card" aria-labelledby="registration-tokens-heading">
      <h2 id="registration-tokens-heading">Registration tokens</h2>
      {mode === "token" ? (
        <>
          <p className="muted small">
            Toolgate runs with <code>TOOLGATE_REGISTRATION=token</code>: a client registering itself (Dynamic Client Registration) must send one of these as{" "}
            <code>Authorization: Bearer …</code>. A token can register any number of clients until it expires.
          </p>
          <CreateRegistrationToken />
        </>
      ) : mode === "open" ? (
        <div className="alert alert-info" role="note">
          <p className="alert-title">Not needed: registration is open.</p>
          <p>
            Toolgate runs with <code>TOOLGATE_REGISTRATION=open</code>, so any MCP client may register itself without a token. Registration tokens are asked for only with{" "}
            <code>TOOLGATE_REGISTRATION=token</code>; to require them, set it and restart the server.
          </p>
        </div>
      ) : (
        <div className="alert alert-info" role="note">
          <p className="alert-title">Not needed: registration is off.</p>
          <p>
            Toolgate runs with <code>TOOLGATE_REGISTRATION=off</code>: no client can register itself, with or without a token. Register applications and agents yourself
            under Clients and Agents.
          </p>
        </div>
      )}
    </section>
  );
}

/** Creates a token, shown once. */
function CreateRegistrationToken() {
  const notify = useToast();
  const [issued, setIssued] = useState<RegistrationToken>();
  const form = useForm({
    initial: { expiresInSeconds: String(7 * 86_400) },
    schema: registrationTokenCreate,
    fields: ["expiresInSeconds"],
    toPayload: (v: { expiresInSeconds: string }) => ({ expiresInSeconds: Number(v.expiresInSeconds) }),
    submit: async (payload) => {
      setIssued(await settingsApi.createRegistrationToken(payload));
      notify("Registration token created");
    },
  });
  return (
    <>
      <form onSubmit={form.onSubmit} noValidate>
        <ActionError error={form.formError} />
        <div className="inline-fields">
          <SelectField form={form} name="expiresInSeconds" label="Valid for" options={LIFETIMES} />
          <button type="submit" className="btn" disabled={form.submitting}>
            {form.submitting ? "Creating…" : "Create registration token"}
          </button>
        </div>
      </form>
      <SecretDialog
        open={issued !== undefined}
        title="Registration token"
        note={issued ? `Valid until ${formatDateTime(issued.expiresAt)}. Send it as Authorization: Bearer <token> to ${PATHS.issuer}/reg.` : undefined}
        values={issued ? [{ label: "Registration token", value: issued.token }] : []}
        onClose={() => setIssued(undefined)}
      />
    </>
  );
}
