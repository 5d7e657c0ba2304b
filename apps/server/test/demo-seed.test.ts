import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { basicAuth, tokenRequest } from "./helpers/oauth.js";
import { demoResource, runDemo } from "../src/app/demo-seed.js";

/**
 * The first run of the demo: the research server's resource comes from the example's own
 * configuration, the example's `.env` is written, and running it again after an admin edited the
 * demo changes nothing.
 */
let server: TestServer;
let api: AdminApi;
let dir: string;

beforeAll(async () => {
  ({ server, api } = await startWithAdminApi());
  dir = await mkdtemp(path.join(tmpdir(), "toolgate-demo-"));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const demo = (envFile: string, port = 4000) => {
  const output: string[] = [];
  const config = { ...server.toolgate.deps.config, port, demoEnvFile: envFile };
  return { run: () => runDemo(config, server.prisma, server.toolgate.audit, (t) => void output.push(t)), output };
};

const secrets = async () => Object.fromEntries(
  (await server.prisma.client.findMany({ where: { OR: [{ id: { startsWith: "demo-" } }, { kind: "application", id: { startsWith: "mcp-" } }] } })).map((c) => [c.id, c.secretHash]),
);

describe("demo resource", () => {
  it.each([
    ["the example's RESOURCE", "RESOURCE=http://localhost:4100/mcp\n", 4000, "http://localhost:4100/mcp"],
    ["the example's default port", undefined, 4000, "http://localhost:3000/mcp"],
    ["never Toolgate's own port", undefined, 3000, "http://localhost:3001/mcp"],
    ["a RESOURCE that is no URL is ignored", "RESOURCE=not a url\n", 4000, "http://localhost:3000/mcp"],
  ])("is derived from the research server's configuration: %s", async (_name, contents, port, expected) => {
    const file = path.join(dir, `resource-${port}-${expected.length}-${contents?.length ?? 0}.env`);
    if (contents) await writeFile(file, contents);
    expect(demoResource({ port }, file)).toBe(expected);
  });
});

describe("--demo", () => {
  it("seeds once, writes the example's .env (keeping its other lines), and is idempotent after admin edits", async () => {
    const envFile = path.join(dir, "research.env");
    await writeFile(envFile, "TOOLGATE_ADMIN_CLIENT_ID=kept\nRESOURCE=http://localhost:4321/mcp\n");
    const first = demo(envFile);
    const seeded = await first.run();
    expect(seeded?.resource).toBe("http://localhost:4321/mcp");
    expect(first.output.join("")).toContain(`written to ${envFile}`);

    const env = parseEnv(await readFile(envFile, "utf8"));
    expect(env).toEqual({
      TOOLGATE_ADMIN_CLIENT_ID: "kept",
      TOOLGATE_ISSUER: server.url,
      RESOURCE: "http://localhost:4321/mcp",
      TOOLGATE_CLIENT_ID: seeded!.server.clientId,
      TOOLGATE_CLIENT_SECRET: seeded!.server.clientSecret,
    });
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    // The credentials written work.
    const feed = await tokenRequest(server.url, { grant_type: "client_credentials", resource: "http://localhost:4321/mcp" }, basicAuth("demo-analyst", seeded!.clients[0]!.secret));
    expect(feed.status, JSON.stringify(feed.body)).toBe(200);

    // An admin renames the server and moves its resource; the .env changes too.
    const srv = (await api.get(`/servers?q=${encodeURIComponent("localhost:4321")}`)).body.items[0];
    const edited = await api.patch(`/servers/${srv.id}`, { name: "Research (edited)", resourceUri: "http://localhost:4555/mcp", version: srv.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await writeFile(envFile, "RESOURCE=http://localhost:4999/mcp\n");
    const before = await secrets();

    const again = demo(envFile);
    expect(await again.run()).toBeUndefined();
    expect(again.output.join("")).toMatch(/already seeded \(research server http:\/\/localhost:4555\/mcp\); nothing changed, no secret was rotated/);
    expect(await secrets()).toEqual(before);
    expect(await server.prisma.mcpServer.count({ where: { name: { startsWith: "Research" } } })).toBe(1);
    expect(await readFile(envFile, "utf8")).toBe("RESOURCE=http://localhost:4999/mcp\n");
  });

  it("re-seeds a deleted research server without rotating the agents an admin kept", async () => {
    const marker = await server.prisma.setting.findUniqueOrThrow({ where: { key: "demo.serverId" } });
    // As an admin would, after taking the server's scopes out of the roles (the API asks for that first).
    await server.prisma.roleScope.deleteMany({ where: { scope: { serverId: String(marker.value) } } });
    expect((await api.delete(`/servers/${String(marker.value)}`)).status).toBe(204);
    const before = await secrets();
    const envFile = path.join(dir, "after-delete.env");
    const run = demo(envFile);
    const seeded = await run.run();
    expect(seeded?.clients).toEqual([]);
    expect(seeded?.keptClients.map((c) => c.id)).toEqual(["demo-analyst", "demo-admin"]);
    expect(run.output.join("")).toContain("existed already: its secret is unchanged");
    const after = await secrets();
    expect(after["demo-analyst"]).toBe(before["demo-analyst"]);
    expect(after["demo-admin"]).toBe(before["demo-admin"]);
    expect(parseEnv(await readFile(envFile, "utf8")).TOOLGATE_CLIENT_ID).toBe(seeded!.server.clientId);
    // The kept agents reach the new server through their roles.
    expect(await server.prisma.mcpServer.count({ where: { name: { startsWith: "Research" } } })).toBe(1);
    expect(await server.prisma.roleScope.count({ where: { role: { name: "admin" }, scope: { server: { resourceUri: seeded!.resource } } } })).toBe(3);
  });
});
