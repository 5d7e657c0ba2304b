import { rolesApi } from "../../api/roles-api.js";
import { useResource } from "../../hooks/use-resource.js";
import type { Role } from "../../api/types.js";
import { PATHS } from "../../app/paths.js";

/** All roles (for pickers); Toolgate deployments have tens of roles, not thousands. */
export function useRoles() {
  return useResource((signal) => rolesApi.list({ pageSize: 200 }, signal).then((p) => p.items), []);
}

/** Roles that grant Toolgate's own administrative scopes (the admin API's). */
export function isAdministrativeRole(role: Role): boolean {
  const adminApi = `${PATHS.issuer}/api/admin`;
  return role.scopes.some((s) => s.resourceUri === adminApi);
}

/**
 * Options for a default role (the ceiling of self-registered clients): administrative roles are
 * listed, marked, so the server's refusal of them is no surprise.
 */
export function defaultRoleOptions(roles: readonly Role[]): { value: string; label: string }[] {
  return [
    { value: "", label: "None" },
    ...roles.map((r) => ({ value: r.id, label: isAdministrativeRole(r) ? `${r.name} (administrative: not allowed)` : r.name })),
  ];
}
