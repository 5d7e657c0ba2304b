import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../server/test/helpers/test-server.js";
import { ROUTES } from "../src/api/routes.js";

/**
 * The console's API client is typed from @toolgate/contracts; this checks it against the running
 * server's OpenAPI document: every method + path the console calls must exist there.
 */
let server: TestServer;
let paths: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  paths = ((await res.json()) as { paths: Record<string, Record<string, unknown>> }).paths;
});
afterAll(async () => {
  await server?.close();
});

const toOpenApi = (path: string) => `/api/admin${path.replace(/:(\w+)/g, "{$1}")}`;

describe("the console's API client against the server's OpenAPI document", () => {
  it.each(Object.entries(ROUTES))("%s exists", (_name, route) => {
    const operations = paths[toOpenApi(route.path)];
    expect(operations, `no path ${toOpenApi(route.path)} in /api/openapi.json`).toBeDefined();
    expect(Object.keys(operations!), `${route.method} ${route.path}`).toContain(route.method.toLowerCase());
  });

  it("lists only admin routes the document has (no typo slipped into a path parameter)", () => {
    for (const route of Object.values(ROUTES)) {
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const op = paths[toOpenApi(route.path)]![route.method.toLowerCase()] as { parameters?: { in: string; name: string }[] };
      const documented = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(documented.sort(), `${route.method} ${route.path}`).toEqual(params.sort());
    }
  });
});
