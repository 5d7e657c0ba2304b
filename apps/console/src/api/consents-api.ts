import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { Consent, ConsentListQuery, Page } from "./types.js";

/** What users allowed clients to do for them, per MCP server. */
export const consentsApi = {
  list: (query: ConsentListQuery = {}, signal?: AbortSignal) => http.call<Page<Consent>>(ROUTES.listConsents, { query, signal }),
  /** Revokes the consent together with its grants and every token issued under it. */
  revoke: (id: string) => http.call<void>(ROUTES.revokeConsent, { params: { id } }),
};
