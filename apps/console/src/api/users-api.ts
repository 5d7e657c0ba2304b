import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { Page, User, UserCreate, UserListQuery, UserUpdate } from "./types.js";

export const usersApi = {
  list: (query: UserListQuery = {}, signal?: AbortSignal) => http.call<Page<User>>(ROUTES.listUsers, { query, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<User>(ROUTES.getUser, { params: { id }, signal }),
  create: (body: UserCreate) => http.call<User>(ROUTES.createUser, { body }),
  update: (id: string, body: UserUpdate) => http.call<User>(ROUTES.updateUser, { params: { id }, body }),
  remove: (id: string) => http.call<void>(ROUTES.deleteUser, { params: { id } }),
  bindRole: (id: string, roleId: string) => http.call<User>(ROUTES.bindUserRole, { params: { id, roleId } }),
  unbindRole: (id: string, roleId: string) => http.call<User>(ROUTES.unbindUserRole, { params: { id, roleId } }),
};
