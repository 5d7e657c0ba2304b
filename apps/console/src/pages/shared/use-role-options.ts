import { rolesApi } from "../../api/roles-api.js";
import { useResource } from "../../hooks/use-resource.js";

/** All roles (for pickers); Toolgate deployments have tens of roles, not thousands. */
export function useRoles() {
  return useResource((signal) => rolesApi.list({ pageSize: 200 }, signal).then((p) => p.items), []);
}
