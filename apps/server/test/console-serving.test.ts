import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { consoleRoutes } from "../src/http/console-routes.js";
import type { AppDeps } from "../src/http/app-deps.js";

let dir: string;
const deps = (basePath: string) => ({ config: { basePath } }) as Pick<AppDeps, "config">;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("console static serving", () => {
  it("serves the built app, its hashed assets cached forever, and the shell for client-side routes", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "console-"));
    await mkdir(path.join(dir, "assets"));
    await writeFile(path.join(dir, "index.html"), '<!doctype html><script type="module" src="/console/assets/app-abc123.js"></script><div id=root></div>');
    await writeFile(path.join(dir, "assets", "app-abc123.js"), "console.log(1)");
    const app = Fastify();
    await app.register(async (scope) => consoleRoutes(scope, deps(""), dir), { prefix: "/console" });
    const shell = await app.inject("/console/");
    expect(shell.statusCode).toBe(200);
    expect(shell.headers["cache-control"]).toBe("no-cache");
    expect(shell.headers["content-security-policy"]).toContain("script-src 'self'");
    const asset = await app.inject("/console/assets/app-abc123.js");
    expect(asset.headers["cache-control"]).toContain("immutable");
    const deep = await app.inject("/console/servers/123");
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id=root');
    expect((await app.inject({ method: "POST", url: "/console/x" })).statusCode).toBe(404);
    await app.close();

    // Under an issuer with a path, the shell's URLs get the prefix.
    const prefixed = Fastify();
    await prefixed.register(async (scope) => consoleRoutes(scope, deps("/idp"), dir), { prefix: "/idp/console" });
    expect((await prefixed.inject("/idp/console/servers")).body).toContain('src="/idp/console/assets/app-abc123.js"');
    await prefixed.close();
  });

  it("says how to build the console when it is missing", async () => {
    const app = Fastify();
    await app.register(async (scope) => consoleRoutes(scope, deps(""), "/nonexistent"), { prefix: "/console" });
    const res = await app.inject("/console/");
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("pnpm build");
    await app.close();
  });
});
