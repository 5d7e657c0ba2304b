import { execFile, spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import { startResearch, type Research } from "./helpers/research.js";
import { call, rpc } from "./helpers/research-mcp.js";

/**
 * `@toolgate/sdk` as a server author outside this repository gets it: packed (`pnpm pack`, which
 * builds it), installed with npm from the tarball into a fresh project in the system's temp
 * directory next to the MCP SDK packages from the npm registry, and run there — a v2 server, a v1
 * server and `toolgate-gateway` — against a real Toolgate.
 */
const run = promisify(execFile);
const SDK_DIR = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/packed/", import.meta.url));
// The versions a server author would install today (the workspace pins the same ones).
const REGISTRY_PACKAGES = ["@modelcontextprotocol/server@2.4.0", "@modelcontextprotocol/sdk@1.32.2", "zod@4.6.7"];

let research: Research;
let project: string;
let tarball: string;
let analystToken: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  research = await startResearch();
  project = await mkdtemp(join(tmpdir(), "toolgate-packed-"));
  await run("npx", ["-y", "pnpm@10", "pack", "--pack-destination", project], { cwd: SDK_DIR, timeout: 120_000 });
  tarball = (await readdir(project)).find((f) => f.endsWith(".tgz"))!;
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "a-server-author", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`, ...REGISTRY_PACKAGES], { cwd: project, timeout: 240_000 });
  for (const f of await readdir(FIXTURES)) await copyFile(join(FIXTURES, f), join(project, f));
  analystToken = await research.token(research.analyst);
}, 300_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill();
  await research?.server.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** Starts a program of the project (its own node_modules only) and resolves once it prints `ready` (or the gateway its listening line). */
async function start(command: string[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: project,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? project, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready$|listening on/m.test(output)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${command.join(" ")} exited with ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`${command.join(" ")} did not start:\n${output}`)), 30_000).unref();
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill();
  await exited;
}

const env = () => ({
  TOOLGATE_ISSUER: research.server.url,
  RESOURCE: research.resource,
  TOOLGATE_CLIENT_ID: research.credentials.clientId,
  TOOLGATE_CLIENT_SECRET: research.credentials.clientSecret,
  PORT: String(research.port),
});
const textOf = (result: unknown) => JSON.parse((result as { content: { text: string }[] }).content[0]!.text);

/** What every packed server must do for the analyst, through the official v2 client (2026-07-28) and the v1 client (2025-11-25). */
async function expectProtected(sdk: string) {
  const headers = { authorization: `Bearer ${analystToken}` };
  const modern = new Client({ name: "packed", version: "1" }, { versionNegotiation: { mode: "auto" } });
  const legacy = new V1Client({ name: "packed", version: "1" });
  await modern.connect(new StreamableHTTPClientTransport(new URL(research.resource), { requestInit: { headers } }));
  await legacy.connect(new V1Transport(new URL(research.resource), { requestInit: { headers } }));
  for (const client of [modern, legacy]) {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    expect(textOf(await client.callTool({ name: "browse", arguments: { query: "q" } }))).toEqual({ tool: "browse", sdk, subject: research.analyst.id });
    await client.close();
  }
  const refused = await rpc(research.resource, analystToken, call("purge"));
  expect(refused.status).toBe(403);
  expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="research:browse research:export research:purge"');
  const anonymous = await fetch(`http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp`);
  expect(await anonymous.json()).toMatchObject({ resource: research.resource, authorization_servers: [research.server.url], scopes_supported: ["research:browse", "research:export"] });
}

describe("the packed @toolgate/sdk, installed from its tarball outside the workspace", () => {
  it("installs with npm: only jose at run time, the MCP SDKs as optional peers, no workspace protocol left", async () => {
    const manifest = JSON.parse((await run("tar", ["-xzOf", join(project, tarball), "package/package.json"])).stdout);
    expect(manifest.dependencies).toEqual({ jose: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const { stdout } = await run("npm", ["ls", "@toolgate/sdk", "jose", "--json"], { cwd: project });
    expect(JSON.parse(stdout).dependencies["@toolgate/sdk"].version).toBe(manifest.version);
    // Published exports point at the compiled files only (no "source" condition into files not shipped).
    expect(JSON.stringify(manifest.exports)).not.toContain("./src/");
    expect(manifest.peerDependenciesMeta).toMatchObject({ "@modelcontextprotocol/server": { optional: true }, "@modelcontextprotocol/sdk": { optional: true } });
  });

  it("protects a v2 server (@modelcontextprotocol/server 2.4) with @toolgate/sdk/v2", async () => {
    const child = await start([process.execPath, "v2-server.mjs"], env());
    try {
      await expectProtected("v2");
    } finally {
      await stop(child);
    }
  });

  it("protects a v1 server (@modelcontextprotocol/sdk 1.32) with @toolgate/sdk/mcp", async () => {
    const child = await start([process.execPath, "v1-server.mjs"], env());
    try {
      await expectProtected("v1");
    } finally {
      await stop(child);
    }
  });

  it("runs toolgate-gateway (the installed bin) in front of a v2 server with no auth code", async () => {
    const upstreamPort = await freePort();
    const upstream = await start([process.execPath, "upstream-v2.mjs"], { PORT: String(upstreamPort) });
    const gateway = await start([join(project, "node_modules/.bin/toolgate-gateway")], { ...env(), HOST: "127.0.0.1", UPSTREAM: `http://127.0.0.1:${upstreamPort}/mcp` });
    try {
      await expectProtected("gateway");
    } finally {
      await stop(gateway);
      await stop(upstream);
    }
  });
});
