/**
 * Every admin API operation the console calls, by method and path (relative to `/api/admin`).
 * The API functions call only these; test/openapi-contract.test.ts checks each one exists in the
 * server's OpenAPI document, so a renamed or removed route fails the build, not the admin.
 */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
}

const route = (method: Route["method"], path: string): Route => ({ method, path });

export const ROUTES = {
  listServers: route("GET", "/servers"),
  createServer: route("POST", "/servers"),
  getServer: route("GET", "/servers/:id"),
  updateServer: route("PATCH", "/servers/:id"),
  deleteServer: route("DELETE", "/servers/:id"),
  importTools: route("POST", "/servers/:id/tools/import"),
  issueServerCredentials: route("POST", "/servers/:id/credentials"),
  createScope: route("POST", "/servers/:id/scopes"),
  updateScope: route("PATCH", "/scopes/:id"),
  deleteScope: route("DELETE", "/scopes/:id"),
  createTool: route("POST", "/servers/:id/tools"),
  updateTool: route("PATCH", "/tools/:id"),
  deleteTool: route("DELETE", "/tools/:id"),

  listRoles: route("GET", "/roles"),
  createRole: route("POST", "/roles"),
  getRole: route("GET", "/roles/:id"),
  updateRole: route("PATCH", "/roles/:id"),
  deleteRole: route("DELETE", "/roles/:id"),

  listClients: route("GET", "/clients"),
  createClient: route("POST", "/clients"),
  getClient: route("GET", "/clients/:id"),
  updateClient: route("PATCH", "/clients/:id"),
  deleteClient: route("DELETE", "/clients/:id"),
  bindClientRole: route("PUT", "/clients/:id/roles/:roleId"),
  unbindClientRole: route("DELETE", "/clients/:id/roles/:roleId"),
  rotateClientSecret: route("POST", "/clients/:id/secret"),
  setClientKeys: route("PUT", "/clients/:id/keys"),
  decideClientApproval: route("PUT", "/clients/:id/approvals/:serverId"),
  liftRegistrationBlock: route("DELETE", "/clients/:id/registration-block"),
  listApprovals: route("GET", "/approvals"),

  listUsers: route("GET", "/users"),
  createUser: route("POST", "/users"),
  getUser: route("GET", "/users/:id"),
  updateUser: route("PATCH", "/users/:id"),
  deleteUser: route("DELETE", "/users/:id"),
  bindUserRole: route("PUT", "/users/:id/roles/:roleId"),
  unbindUserRole: route("DELETE", "/users/:id/roles/:roleId"),

  getSettings: route("GET", "/settings"),
  updateSettings: route("PATCH", "/settings"),

  listAudit: route("GET", "/audit"),
  getAuditEvent: route("GET", "/audit/:id"),
  exportAudit: route("GET", "/audit/export"),
  auditStats: route("GET", "/audit/stats"),

  getMe: route("GET", "/me"),

  listIdentityProviders: route("GET", "/identity-providers"),
  createIdentityProvider: route("POST", "/identity-providers"),
  getIdentityProvider: route("GET", "/identity-providers/:id"),
  updateIdentityProvider: route("PATCH", "/identity-providers/:id"),
  deleteIdentityProvider: route("DELETE", "/identity-providers/:id"),

  getSignInPolicy: route("GET", "/sign-in-policy"),
  updateSignInPolicy: route("PATCH", "/sign-in-policy"),
  createSignInRule: route("POST", "/sign-in-policy/rules"),
  deleteSignInRule: route("DELETE", "/sign-in-policy/rules/:id"),

  listConsents: route("GET", "/consents"),
  revokeConsent: route("DELETE", "/consents/:id"),

  listExchangePolicies: route("GET", "/exchange-policies"),
  createExchangePolicy: route("POST", "/exchange-policies"),
  updateExchangePolicy: route("PUT", "/exchange-policies/:id"),
  deleteExchangePolicy: route("DELETE", "/exchange-policies/:id"),
  listDelegations: route("GET", "/delegations"),
  createDelegation: route("POST", "/delegations"),
  updateDelegation: route("PATCH", "/delegations/:id"),
  deleteDelegation: route("DELETE", "/delegations/:id"),

  createRegistrationToken: route("POST", "/registration-tokens"),
} as const satisfies Record<string, Route>;

/** `/clients/:id` + `{ id: "a/b" }` → `/clients/a%2Fb`. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/** Query string from defined, non-empty values. */
export function queryString(query: Record<string, string | number | boolean | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}
