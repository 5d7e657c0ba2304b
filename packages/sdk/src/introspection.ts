import { ToolgateError } from "./errors.js";
import { parseJsonObject, type HttpClient } from "./http-client.js";
import type { RevocationCheck } from "./revocation-check.js";

export interface IntrospectionOptions {
  http: HttpClient;
  endpoint: () => Promise<string>;
  /** HTTP Basic header with the MCP server's own credentials (client_secret_basic). */
  authorization: string;
}

/**
 * Per-request token introspection (RFC 7662): each token, already verified locally, is also
 * checked with Toolgate, which answers `active: false` at once for a revoked token. Costs one
 * round trip per request; if Toolgate does not answer, the token is refused with
 * `toolgate_unavailable` (never accepted unchecked).
 */
export function createIntrospectionCheck(options: IntrospectionOptions): RevocationCheck {
  return {
    async check(_claims, token) {
      let active: unknown;
      try {
        const { text } = await options.http.request(await options.endpoint(), {
          method: "POST",
          headers: { authorization: options.authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
        });
        active = parseJsonObject(text, "introspection response").active;
      } catch (cause) {
        throw new ToolgateError("toolgate_unavailable", "token introspection failed", { retryAfter: 1, cause });
      }
      if (active !== true) throw new ToolgateError("token_revoked", "introspection says the token is not active");
    },
    close() {},
  };
}
