import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { SignInPolicy, SignInPolicyUpdate, SignInRule, SignInRuleCreate } from "./types.js";

/** Who may sign in: rules by email domain, listed user or upstream group. */
export const signInPolicyApi = {
  get: (signal?: AbortSignal) => http.call<SignInPolicy>(ROUTES.getSignInPolicy, { signal }),
  update: (body: SignInPolicyUpdate) => http.call<SignInPolicy>(ROUTES.updateSignInPolicy, { body }),
  addRule: (body: SignInRuleCreate) => http.call<SignInRule>(ROUTES.createSignInRule, { body }),
  removeRule: (id: string) => http.call<void>(ROUTES.deleteSignInRule, { params: { id } }),
};
