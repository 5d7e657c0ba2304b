import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../server/test/helpers/test-server.js";
import { ROUTES } from "../src/api/routes.js";
import { findApiCalls } from "./helpers/api-calls.js";

/**
 * The console's API client is typed from @toolgate/contracts; this checks it against the running
 * server's OpenAPI document: every method + path the console calls must exist there, with the same
 * path parameters, every query parameter a call may send, and the success response it reads.
 */
interface Operation {
  parameters?: { in: string; name: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let server: TestServer;
let paths: Record<string, Record<string, Operation>>;
// Read from the source with the TypeScript checker (a few seconds), once.
const calls = findApiCalls();

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  paths = ((await res.json()) as { paths: Record<string, Record<string, Operation>> }).paths;
});
afterAll(async () => {
  await server?.close();
});

const toOpenApi = (path: string) => `/api/admin${path.replace(/:(\w+)/g, "{$1}")}`;
const operation = (route: (typeof ROUTES)[keyof typeof ROUTES]) => paths[toOpenApi(route.path)]?.[route.method.toLowerCase()];
const routeNamed = (name: string) => {
  const route = ROUTES[name as keyof typeof ROUTES];
  if (!route) throw new Error(`ROUTES.${name} does not exist`);
  return route;
};

describe("the console's API client against the server's OpenAPI document", () => {
  it.each(Object.entries(ROUTES))("%s exists", (_name, route) => {
    const operations = paths[toOpenApi(route.path)];
    expect(operations, `no path ${toOpenApi(route.path)} in /api/openapi.json`).toBeDefined();
    expect(Object.keys(operations!), `${route.method} ${route.path}`).toContain(route.method.toLowerCase());
  });

  it("lists only admin routes the document has (no typo slipped into a path parameter)", () => {
    for (const route of Object.values(ROUTES)) {
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const op = operation(route)!;
      const documented = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(documented.sort(), `${route.method} ${route.path}`).toEqual(params.sort());
    }
  });

  it("finds the console's calls of every route in its source (so the checks below see them all)", () => {
    expect(calls.length).toBeGreaterThan(0);
    const called = new Set(calls.map((c) => c.route));
    expect(Object.keys(ROUTES).filter((name) => !called.has(name)), "routes nothing in src/ calls").toEqual([]);
    expect(calls.map((c) => c.route).filter((name) => !(name in ROUTES)), "calls of routes not in ROUTES").toEqual([]);
    // The list queries are found with their parameters (not an empty type the check would wave through).
    expect(calls.find((c) => c.route === "listConsents" && c.at.startsWith("src/api/"))?.query).toEqual(expect.arrayContaining(["page", "pageSize", "q", "userId", "clientId", "serverId"]));
  });

  it.each(calls.filter((c) => c.query.length > 0).map((c) => [c.at, c] as const))("every query parameter sent at %s is documented", (_at, call) => {
    const route = routeNamed(call.route);
    const documented = (operation(route)?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    expect(call.query.filter((name) => !documented.includes(name)), `${route.method} ${route.path} (${call.at}) sends query parameters /api/openapi.json does not document`).toEqual([]);
  });

  it.each(Object.entries(ROUTES))("%s documents the success response the console reads", (name, route) => {
    const responses = Object.entries(operation(route)?.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    expect(responses.map(([status]) => status), `${route.method} ${route.path}: no 2xx response in /api/openapi.json`).not.toEqual([]);
    // A caller that parses a body needs a documented JSON body (a 204 has none).
    for (const call of calls.filter((c) => c.route === name && c.expects === "json")) {
      const withBody = responses.filter(([status, r]) => status !== "204" && r.content?.["application/json"]?.schema !== undefined);
      expect(withBody.map(([status]) => status), `${route.method} ${route.path} (${call.at}) reads JSON, but no 2xx response documents a JSON body`).not.toEqual([]);
    }
  });
});
