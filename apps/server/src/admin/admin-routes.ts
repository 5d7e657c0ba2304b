import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { adminAuthentication } from "./admin-auth.js";
import { serversRoutes } from "./servers-routes.js";
import { scopesRoutes } from "./scopes-routes.js";
import { toolsRoutes } from "./tools-routes.js";
import { rolesRoutes } from "./roles-routes.js";
import { clientsRoutes } from "./clients-routes.js";
import { clientCredentialsRoutes } from "./client-credentials-routes.js";
import { usersRoutes } from "./users-routes.js";
import { settingsRoutes } from "./settings-routes.js";
import { auditRoutes } from "./audit-routes.js";
import { approvalsRoutes } from "./approvals-routes.js";
import { registrationTokensRoutes } from "./registration-tokens-routes.js";
import { identityProvidersRoutes } from "./identity-providers-routes.js";
import { signInPolicyRoutes } from "./sign-in-policy-routes.js";
import { consentsRoutes } from "./consents-routes.js";
import { delegationRoutes } from "./delegation-routes.js";
import { meRoutes } from "./me-routes.js";

/** /api/admin/*: every route behind admin-token authentication. */
export async function adminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  adminAuthentication(app, deps);
  for (const routes of [serversRoutes, scopesRoutes, toolsRoutes, rolesRoutes, clientsRoutes, clientCredentialsRoutes, usersRoutes, settingsRoutes, auditRoutes, approvalsRoutes, registrationTokensRoutes,
    identityProvidersRoutes, signInPolicyRoutes, consentsRoutes, delegationRoutes, meRoutes]) {
    await routes(app, deps);
  }
}
