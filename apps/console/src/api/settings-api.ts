import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { Settings, SettingsUpdate } from "./types.js";

export const settingsApi = {
  get: (signal?: AbortSignal) => http.call<Settings>(ROUTES.getSettings, { signal }),
  update: (body: SettingsUpdate) => http.call<Settings>(ROUTES.updateSettings, { body }),
};
