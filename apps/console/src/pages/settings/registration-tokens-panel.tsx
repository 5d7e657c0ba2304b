import { registrationTokenCreate } from "@toolgate/contracts";
import { useState } from "react";
import { PATHS } from "../../app/paths.js";
import { settingsApi } from "../../api/settings-api.js";
import type { RegistrationToken } from "../../api/types.js";
import { serverMetadata } from "../../auth/server-metadata.js";
import { ActionError } from "../../components/action-error.js";
import { SecretDialog } from "../../components/secret-dialog.js";
import { useToast } from "../../components/toasts.js";
import { SelectField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { formatDateTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";

const LIFETIMES = [
  { value: String(3600), label: "1 hour" },
  { value: String(86_400), label: "1 day" },
  { value: String(7 * 86_400), label: "7 days" },
  { value: String(30 * 86_400), label: "30 days" },
  { value: String(90 * 86_400), label: "90 days" },
];

/**
 * Initial access tokens for Dynamic Client Registration (RFC 7591 §3). They matter only when the
 * server runs with TOOLGATE_REGISTRATION=token; the admin API does not say which mode it runs in,
 * but the metadata tells "off" (no registration endpoint) apart.
 */
export function RegistrationTokensPanel() {
  const notify = useToast();
  const metadata = useResource(() => serverMetadata(PATHS.issuer), []);
  const registrationOff = metadata.data !== undefined && !metadata.data.registration_endpoint;
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
    <section className="card section-card" aria-labelledby="registration-tokens-heading">
      <h2 id="registration-tokens-heading">Registration tokens</h2>
      <p className="muted small">
        Only needed when Toolgate runs with <code>TOOLGATE_REGISTRATION=token</code>: a client registering itself (Dynamic Client Registration) must then send one as{" "}
        <code>Authorization: Bearer …</code>. A token can register any number of clients until it expires. In the default <code>open</code> mode no token is needed.
      </p>
      {registrationOff && (
        <div className="alert alert-info" role="note">
          <p>Dynamic Client Registration is off on this server (<code>TOOLGATE_REGISTRATION=off</code>): a registration token would have no use.</p>
        </div>
      )}
      <form onSubmit={form.onSubmit} noValidate>
        <ActionError error={form.formError} />
        <div className="inline-fields">
          <SelectField form={form} name="expiresInSeconds" label="Valid for" options={LIFETIMES} />
          <button type="submit" className="btn" disabled={form.submitting || registrationOff}>
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
    </section>
  );
}
