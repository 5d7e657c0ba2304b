import { parseJsonObject, type HttpClient } from "./http-client.js";

export interface AuthorizationServerMetadata {
  issuer: string;
  jwks_uri: string;
  introspection_endpoint?: string;
}

/**
 * RFC 8414 §3: the metadata URL inserts `/.well-known/oauth-authorization-server` between the
 * issuer's host and path; §3.3: the `issuer` in the answer must equal the issuer we trust, byte
 * for byte, or the document is not used.
 */
export function authorizationServerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

export async function fetchAuthorizationServerMetadata(http: HttpClient, issuer: string): Promise<AuthorizationServerMetadata> {
  const { text } = await http.request(authorizationServerMetadataUrl(issuer), { headers: { accept: "application/json" } });
  const doc = parseJsonObject(text, "authorization server metadata");
  if (doc.issuer !== issuer) {
    throw new Error(`authorization server metadata names issuer ${String(doc.issuer)}, expected ${issuer} (RFC 8414 §3.3)`);
  }
  if (typeof doc.jwks_uri !== "string") throw new Error("authorization server metadata has no jwks_uri");
  return {
    issuer,
    jwks_uri: doc.jwks_uri,
    ...(typeof doc.introspection_endpoint === "string" ? { introspection_endpoint: doc.introspection_endpoint } : {}),
  };
}
