import { expect } from "vitest";
import { startTestServer, type TestServer } from "./test-server.js";
import { basicAuth, tokenRequest } from "./oauth.js";
import { generateClientSecret, hashClientSecret } from "../../src/oidc/client-secret.js";
import { ADMIN_ROLE_NAME, adminApiResource } from "../../src/domain/built-ins.js";

/**
 * An admin automation client (what `toolgate admin client` creates) and the admin API called
 * with its tokens, for tests.
 */
export async function adminClient(server: TestServer, id = "test-admin-automation") {
  const secret = generateClientSecret();
  const role = await server.prisma.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE_NAME } });
  await server.prisma.client.upsert({
    where: { id },
    create: {
      id, kind: "application", name: id, secretHash: hashClientSecret(secret),
      metadata: { grant_types: ["client_credentials"], response_types: [], redirect_uris: [], token_endpoint_auth_method: "client_secret_basic" },
      roles: { create: [{ roleId: role.id }] },
    },
    update: { secretHash: hashClientSecret(secret) },
  });
  return { id, secret };
}

export async function adminToken(server: TestServer): Promise<string> {
  const { id, secret } = await adminClient(server);
  const res = await tokenRequest(server.url, { grant_type: "client_credentials", resource: adminApiResource(server.url) }, basicAuth(id, secret));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return String(res.body.access_token);
}

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions inspect arbitrary JSON
  body: any;
  headers: Headers;
}

export function adminApi(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const res = await fetch(`${server.url}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown) => call("POST", path, body ?? {}),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    put: (path: string, body?: unknown) => call("PUT", path, body),
    delete: (path: string) => call("DELETE", path),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

/** A test server and its admin API, called with an automation client's token. */
export async function startWithAdminApi(options?: Parameters<typeof startTestServer>[0]): Promise<{ server: TestServer; api: AdminApi }> {
  const server = await startTestServer(options);
  return { server, api: adminApi(server, await adminToken(server)) };
}
