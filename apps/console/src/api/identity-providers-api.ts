import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { IdentityProvider, IdentityProviderCreate, IdentityProviderListQuery, IdentityProviderUpdate, Page } from "./types.js";

/** Upstream OpenID Connect providers users may sign in with (federation). */
export const identityProvidersApi = {
  list: (query: IdentityProviderListQuery = {}, signal?: AbortSignal) => http.call<Page<IdentityProvider>>(ROUTES.listIdentityProviders, { query, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<IdentityProvider>(ROUTES.getIdentityProvider, { params: { id }, signal }),
  create: (body: IdentityProviderCreate) => http.call<IdentityProvider>(ROUTES.createIdentityProvider, { body }),
  update: (id: string, body: IdentityProviderUpdate) => http.call<IdentityProvider>(ROUTES.updateIdentityProvider, { params: { id }, body }),
  remove: (id: string) => http.call<void>(ROUTES.deleteIdentityProvider, { params: { id } }),
};
