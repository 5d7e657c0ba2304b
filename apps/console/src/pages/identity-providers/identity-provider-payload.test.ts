import { identityProviderCreate, identityProviderUpdate } from "@toolgate/contracts";
import { describe, expect, it } from "vitest";
import type { IdentityProvider } from "../../api/types.js";
import { createPayload, fieldForPath, identityProviderValues, updatePayload } from "./identity-provider-payload.js";

const provider: IdentityProvider = {
  id: "0190f0f0-0000-7000-8000-000000000001", slug: "corp", name: "Corporate SSO", issuer: "https://sso.example.com", clientId: "toolgate",
  hasClientSecret: true, scopes: "openid email profile", claimMapping: { email: "email", name: "name", username: "preferred_username", groups: "groups" },
  enabled: true, redirectUri: "https://toolgate.example.com/federation/callback", userCount: 3, version: 4,
  createdAt: "2026-11-21T10:00:00.000Z", updatedAt: "2026-11-21T10:00:00.000Z",
};

describe("identity provider payloads", () => {
  it("create: trims, sends the secret only when given, and passes the server's schema", () => {
    const values = { ...identityProviderValues(), slug: " corp ", name: "Corp", issuer: "https://sso.example.com ", clientId: "tg" };
    const payload = createPayload(values);
    expect(payload).not.toHaveProperty("clientSecret");
    expect(payload).toMatchObject({ slug: "corp", issuer: "https://sso.example.com", scopes: "openid email profile" });
    expect(identityProviderCreate.safeParse(payload).success).toBe(true);
    expect(createPayload({ ...values, clientSecret: "s" }).clientSecret).toBe("s");
  });

  it("edit: only what changed, the secret kept (left out), replaced or removed (null)", () => {
    const values = identityProviderValues(provider);
    expect(updatePayload(provider, values)).toEqual({ version: 4 });
    expect(updatePayload(provider, { ...values, claimGroups: "roles", enabled: false })).toEqual({
      claimMapping: { email: "email", name: "name", username: "preferred_username", groups: "roles" }, enabled: false, version: 4,
    });
    expect(updatePayload(provider, { ...values, secretAction: "replace", clientSecret: "new" })).toEqual({ clientSecret: "new", version: 4 });
    expect(updatePayload(provider, { ...values, secretAction: "clear" })).toEqual({ clientSecret: null, version: 4 });
    // An empty replacement is refused by the schema, at the secret field.
    const empty = identityProviderUpdate.safeParse(updatePayload(provider, { ...values, secretAction: "replace" }));
    expect(empty.success ? [] : empty.error.issues.map((i) => i.path.join("."))).toEqual(["clientSecret"]);
  });

  it("an http issuer off loopback is refused before sending", () => {
    const result = identityProviderUpdate.safeParse(updatePayload(provider, { ...identityProviderValues(provider), issuer: "http://sso.example.com" }));
    expect(result.success).toBe(false);
    expect(identityProviderUpdate.safeParse(updatePayload(provider, { ...identityProviderValues(provider), issuer: "http://127.0.0.1:8080" })).success).toBe(true);
  });

  it("puts claim mapping errors at their field", () => {
    expect(fieldForPath("claimMapping.groups")).toBe("claimGroups");
    expect(fieldForPath("issuer")).toBe("issuer");
    expect(fieldForPath("claimMapping.unknown")).toBe("claimMapping.unknown");
  });
});
