import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { Page, Role, RoleCreate, RoleListQuery, RoleUpdate } from "./types.js";

export const rolesApi = {
  list: (query: RoleListQuery = {}, signal?: AbortSignal) => http.call<Page<Role>>(ROUTES.listRoles, { query, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<Role>(ROUTES.getRole, { params: { id }, signal }),
  create: (body: RoleCreate) => http.call<Role>(ROUTES.createRole, { body }),
  update: (id: string, body: RoleUpdate) => http.call<Role>(ROUTES.updateRole, { params: { id }, body }),
  remove: (id: string) => http.call<void>(ROUTES.deleteRole, { params: { id } }),
};
