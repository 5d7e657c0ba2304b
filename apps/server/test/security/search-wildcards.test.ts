import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "../helpers/admin-api.js";
import type { TestServer } from "../helpers/test-server.js";

/** Admin search is a substring search: `%`, `_` and `\` are characters, not LIKE wildcards. */
let server: TestServer;
let api: AdminApi;
beforeAll(async () => {
  ({ server, api } = await startWithAdminApi());
  const names = ["under_score", "underXscore", "per%cent", "perXcent", "back\\slash", "backslash"];
  for (const [i, name] of names.entries()) expect((await api.post("/users", { email: `w${i}@example.com`, name })).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

describe("admin search", () => {
  it.each([
    ["under_score", ["under_score"]],
    ["per%cent", ["per%cent"]],
    ["%", ["per%cent"]],
    ["_", ["under_score"]],
    ["back\\slash", ["back\\slash"]],
    ["\\", ["back\\slash"]],
  ])("q=%s finds only the literal match", async (q, names) => {
    const res = await api.get(`/users?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { name: string }) => u.name).filter(Boolean).sort()).toEqual(names);
  });
});
