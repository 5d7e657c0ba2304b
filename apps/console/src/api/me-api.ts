import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { AdminIdentity } from "./types.js";

/** Who the admin API sees: the token's subject, client, scopes and (for a person) their user record. */
export const meApi = {
  get: (signal?: AbortSignal) => http.call<AdminIdentity>(ROUTES.getMe, { signal }),
};
