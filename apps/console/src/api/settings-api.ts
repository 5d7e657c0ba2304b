import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { RegistrationToken, RegistrationTokenCreate, Settings, SettingsUpdate } from "./types.js";

export const settingsApi = {
  get: (signal?: AbortSignal) => http.call<Settings>(ROUTES.getSettings, { signal }),
  update: (body: SettingsUpdate) => http.call<Settings>(ROUTES.updateSettings, { body }),
  /** An initial access token for Dynamic Client Registration (RFC 7591 §3); the value is shown once. */
  createRegistrationToken: (body: RegistrationTokenCreate) => http.call<RegistrationToken>(ROUTES.createRegistrationToken, { body }),
};
