/** The endpoints the console uses, from the issuer's RFC 8414 metadata. */
export interface ServerMetadata {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  /** Absent when Dynamic Client Registration is off (TOOLGATE_REGISTRATION=off). */
  registration_endpoint?: string;
}

let cached: Promise<ServerMetadata> | undefined;

export function serverMetadata(issuer: string): Promise<ServerMetadata> {
  cached ??= fetch(`${issuer}/.well-known/oauth-authorization-server`, { headers: { accept: "application/json" } })
    .then(async (res) => {
      if (!res.ok) throw new Error(`authorization server metadata: HTTP ${res.status}`);
      return (await res.json()) as ServerMetadata;
    })
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
