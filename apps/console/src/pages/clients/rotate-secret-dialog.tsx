import { useId, useState } from "react";
import { clientsApi } from "../../api/clients-api.js";
import type { Client, SecretRotated } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Dialog } from "../../components/dialog.js";
import { SecretDialog } from "../../components/secret-dialog.js";
import { formatDateTime } from "../../format/time.js";
import { useAction } from "../../hooks/use-action.js";

const GRACE = [
  { value: 0, label: "Immediately" },
  { value: 3600, label: "After 1 hour" },
  { value: 86_400, label: "After 1 day" },
  { value: 7 * 86_400, label: "After 7 days" },
];

/** New secret now, old one kept for a grace period so the client can switch without downtime. */
export function RotateSecretDialog({ client, open, onClose, onRotated }: { client: Client; open: boolean; onClose: () => void; onRotated: () => void }) {
  const [grace, setGrace] = useState(86_400);
  const { busy, error, run } = useAction();
  const [rotated, setRotated] = useState<SecretRotated>();
  const selectId = useId();
  const rotate = () => run(async () => setRotated(await clientsApi.rotateSecret(client.id, grace)));
  if (rotated) {
    return (
      <SecretDialog
        open
        title="New client secret"
        note={rotated.previousSecretExpiresAt ? `The previous secret keeps working until ${formatDateTime(rotated.previousSecretExpiresAt)}.` : "The previous secret no longer works."}
        values={[{ label: "Client ID", value: rotated.clientId }, { label: "Client secret", value: rotated.clientSecret }]}
        onClose={() => {
          setRotated(undefined);
          onClose();
          onRotated();
        }}
      />
    );
  }
  return (
    <Dialog
      open={open}
      title="Rotate the client secret"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={rotate} disabled={busy}>
            {busy ? "Rotating…" : "Rotate secret"}
          </button>
        </>
      }
    >
      <ActionError error={error} />
      <p>A new secret is generated and shown once. Until you update the client, the old one can keep working for a while.</p>
      <div className="field">
        <label htmlFor={selectId}>The previous secret stops working</label>
        <select id={selectId} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
          {GRACE.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
      </div>
    </Dialog>
  );
}
