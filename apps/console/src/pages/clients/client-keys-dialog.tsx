import { useId, useState } from "react";
import { clientsApi } from "../../api/clients-api.js";
import type { Client } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Dialog } from "../../components/dialog.js";
import { useAction } from "../../hooks/use-action.js";

/**
 * private_key_jwt (RFC 7523; the MCP client-credentials extension recommends it for agents): the
 * client signs an assertion with its private key; Toolgate checks it against the public keys set
 * here — pasted as a JWKS, or fetched from an https URL. The client's secret stops working.
 */
export function ClientKeysDialog({ client, open, onClose, onSaved }: { client: Client; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [source, setSource] = useState<"jwks" | "jwksUri">(client.jwksUri ? "jwksUri" : "jwks");
  const [jwks, setJwks] = useState(client.jwks ? JSON.stringify(client.jwks, null, 2) : "");
  const [jwksUri, setJwksUri] = useState(client.jwksUri ?? "");
  const [parseError, setParseError] = useState<string>();
  const { busy, error, run } = useAction();
  const ids = { jwks: useId(), uri: useId(), hint: useId() };

  const save = () => {
    let body;
    if (source === "jwks") {
      try {
        body = { jwks: JSON.parse(jwks) as { keys: { kty: string }[] }, version: client.version };
      } catch {
        setParseError("Not JSON: paste a JWKS, {\"keys\": [ … ]}, with public keys only.");
        return;
      }
    } else {
      body = { jwksUri: jwksUri.trim(), version: client.version };
    }
    setParseError(undefined);
    void run(async () => {
      await clientsApi.setKeys(client.id, body);
      onSaved();
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      title="Authenticate with a key (private_key_jwt)"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={save} disabled={busy}>
            {busy ? "Saving…" : "Use these keys"}
          </button>
        </>
      }
    >
      <ActionError error={error} />
      <p id={ids.hint}>
        The client signs a short-lived JWT with its private key at the token endpoint (RFC 7523). Give its public keys, or an https URL serving them.
        {client.hasSecret && " Its client secret stops working when you save."}
      </p>
      <fieldset className="field">
        <legend>Public keys</legend>
        <label>
          <input type="radio" name="key-source" checked={source === "jwks"} onChange={() => setSource("jwks")} /> Paste a JWKS
        </label>
        <label>
          <input type="radio" name="key-source" checked={source === "jwksUri"} onChange={() => setSource("jwksUri")} /> Fetch from a URL (jwks_uri)
        </label>
      </fieldset>
      {source === "jwks" ? (
        <div className="field">
          <label htmlFor={ids.jwks}>JWKS</label>
          <textarea id={ids.jwks} rows={10} value={jwks} onChange={(e) => setJwks(e.target.value)} aria-describedby={ids.hint} spellCheck={false} placeholder={'{"keys": [{"kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "…"}]}'} />
          {parseError && <p className="field-error">{parseError}</p>}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={ids.uri}>JWKS URL</label>
          <input id={ids.uri} type="url" value={jwksUri} onChange={(e) => setJwksUri(e.target.value)} placeholder="https://agent.example.com/.well-known/jwks.json" />
          <p className="muted small">https only; fetched by Toolgate like a client metadata document (never from private addresses), and cached.</p>
        </div>
      )}
    </Dialog>
  );
}
