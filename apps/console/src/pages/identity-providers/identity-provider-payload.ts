import type { IdentityProvider, IdentityProviderCreate, IdentityProviderUpdate } from "../../api/types.js";
import { changedFields } from "../shared/changed-fields.js";

/** What happens to the stored client secret on save: it is write-only, so never shown to edit. */
export type SecretAction = "keep" | "replace" | "clear";

export interface IdentityProviderValues {
  slug: string;
  name: string;
  issuer: string;
  clientId: string;
  secretAction: SecretAction;
  clientSecret: string;
  scopes: string;
  claimEmail: string;
  claimName: string;
  claimUsername: string;
  claimGroups: string;
  enabled: boolean;
}

export const CLAIM_FIELDS = { email: "claimEmail", name: "claimName", username: "claimUsername", groups: "claimGroups" } as const;

export function identityProviderValues(p?: IdentityProvider): IdentityProviderValues {
  return {
    slug: p?.slug ?? "",
    name: p?.name ?? "",
    issuer: p?.issuer ?? "",
    clientId: p?.clientId ?? "",
    secretAction: p ? "keep" : "replace",
    clientSecret: "",
    scopes: p?.scopes ?? "openid email profile",
    claimEmail: p?.claimMapping.email ?? "email",
    claimName: p?.claimMapping.name ?? "name",
    claimUsername: p?.claimMapping.username ?? "preferred_username",
    claimGroups: p?.claimMapping.groups ?? "groups",
    enabled: p?.enabled ?? true,
  };
}

const editable = (v: IdentityProviderValues) => ({
  name: v.name.trim(),
  issuer: v.issuer.trim(),
  clientId: v.clientId.trim(),
  scopes: v.scopes.trim(),
  claimMapping: { email: v.claimEmail.trim(), name: v.claimName.trim(), username: v.claimUsername.trim(), groups: v.claimGroups.trim() },
  enabled: v.enabled,
});

/** Create: everything, the secret only if given. */
export function createPayload(v: IdentityProviderValues): IdentityProviderCreate {
  return { slug: v.slug.trim(), ...editable(v), ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}) };
}

/** Edit: only what changed; the secret replaced (`"…"`), removed (`null`) or left out (kept). */
export function updatePayload(provider: IdentityProvider, v: IdentityProviderValues): IdentityProviderUpdate {
  const secret = v.secretAction === "replace" ? { clientSecret: v.clientSecret } : v.secretAction === "clear" ? { clientSecret: null } : {};
  return { ...changedFields(editable(identityProviderValues(provider)), editable(v)), ...secret, version: provider.version };
}

/** A server or schema error on `claimMapping.groups` belongs to the groups claim field. */
export function fieldForPath(path: string): string {
  const claim = /^claimMapping\.(\w+)$/.exec(path)?.[1];
  return claim && claim in CLAIM_FIELDS ? CLAIM_FIELDS[claim as keyof typeof CLAIM_FIELDS] : path;
}
