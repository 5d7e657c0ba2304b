/**
 * HTTP Basic credentials of a client: client_id and secret each form-urlencoded first
 * (RFC 6749 §2.3.1), which is what Toolgate's feed, ingest and introspection expect.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}
