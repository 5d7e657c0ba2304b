import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { createRole, createServerWithScopes, createUser } from "../helpers/fixtures.js";
import { authorize } from "../helpers/oauth.js";
import { escapeForPage } from "../../src/http/page-renderer.js";

/** Names and URIs from clients show on the consent page as they are: no hidden reordering or characters. */
const RESOURCE = "https://display.example.com/m\u200Bcp";
const user = { email: "display@example.com", password: "display-password-1" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const srv = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, name: "Files \u2066admin\u2069", scopes: ["display:read"] });
  const role = await createRole(server.prisma, "display", [srv.scopes[0]!.id]);
  await server.prisma.client.create({
    data: {
      id: "display-app", kind: "dcr", name: "\u202Eppa.live", roles: { create: [{ roleId: role.id }] },
      metadata: { client_name: "\u202Eppa.live", redirect_uris: ["http://127.0.0.1:7777/callback"], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "none" },
    },
  });
  await createUser(server.prisma, { ...user, roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
});

describe("consent page display", () => {
  it("shows bidirectional and zero-width characters as visible codes", async () => {
    const flow = await authorize(server.url, { clientId: "display-app", redirectUri: "http://127.0.0.1:7777/callback", resource: RESOURCE, scope: "display:read", user, consent: "deny" });
    const html = flow.consentPage!;
    expect(html).toContain("[U+202E]ppa.live");
    expect(html).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it.each([["\u202E", "[U+202E]"], ["a\u200Bb", "a[U+200B]b"], ["\uFEFF", "[U+FEFF]"], ["<b>&\"'", "&lt;b&gt;&amp;&quot;&#39;"], ["Zoë 日本", "Zoë 日本"]])("escapeForPage(%j)", (input, output) => {
    expect(escapeForPage(input)).toBe(output);
  });
});
