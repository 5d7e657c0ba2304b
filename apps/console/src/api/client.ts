import { PATHS } from "../app/paths.js";
import { signInAgain, tokens } from "../auth/auth-session.js";
import { createHttpClient } from "./http-client.js";

/** The admin API client of this tab. */
export const http = createHttpClient({ baseUrl: PATHS.api, tokens, onSignInRequired: signInAgain });
