import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../apps/server/test/helpers/free-port.js";
import { runConformance, SPEC_VERSIONS, type ConformanceRun } from "../harness/conformance.js";
import { startStack, type Stack, type User } from "../harness/stack.js";

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, `authorization` mode)
 * against Toolgate: both scenarios (authorization server metadata; PKCE authorization code grant),
 * for every spec version the suite lists, once with a public client registered through Dynamic
 * Client Registration and once with a Client ID Metadata Document client. Its output is printed
 * verbatim and kept under test-output/conformance/.
 */

const OUTPUT = fileURLToPath(new URL("../../test-output/conformance/", import.meta.url));
let stack: Stack;
let user: User;

beforeAll(async () => {
  stack = await startStack();
  user = await stack.createUser("Conformance user");
  // Without --resource the suite sends neither `resource` nor `scope`, and this stack registers two
  // MCP servers: the audience is the admin's default resource (docs/tokens.md, "No resource").
  const settings = await stack.api.patch("/settings", { defaultResourceServerId: stack.targets.example.serverId });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  await mkdir(OUTPUT, { recursive: true });
});
afterAll(async () => stack?.close());

type ClientKind = "DCR" | "CIMD";

/** A public client with the suite's callback as its one redirect URI, registered the way `kind` says. */
async function registerClient(kind: ClientKind, port: number, label: string): Promise<string> {
  const metadata = {
    client_name: `Conformance suite (${label})`,
    redirect_uris: [`http://127.0.0.1:${port}/callback`],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    application_type: "native",
  };
  if (kind === "CIMD") return stack.documents.publish(`conformance-${label.replace(/\W+/g, "-")}`, metadata);
  const res = await fetch(`${stack.toolgate.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  const body = (await res.json()) as { client_id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.client_id;
}

function report(run: ConformanceRun, title: string): string {
  const summary = run.checks.map((c) => `  ${c.status.padEnd(7)} ${c.scenario} / ${c.id}${c.errorMessage ? `: ${c.errorMessage}` : ""}`).join("\n");
  return `===== conformance ${title} (exit ${run.exitCode}) =====\n${run.output.trimEnd()}\n----- checks -----\n${summary}\n`;
}

async function conform(kind: ClientKind, specVersion: string, withResource: boolean) {
  const title = `${specVersion} ${kind} ${withResource ? "with resource" : "without resource"}`;
  const port = await freePort();
  const clientId = await registerClient(kind, port, title);
  const run = await runConformance({
    issuer: stack.toolgate.url, clientId, port, specVersion, user,
    ...(withResource ? { resource: stack.targets.example.resource } : {}),
  });
  const text = report(run, title);
  process.stdout.write(text);
  await writeFile(`${OUTPUT}${title.replaceAll(" ", "_")}.txt`, text);

  // The user agent got through Toolgate's pages and back to the suite's callback.
  expect(run.browser?.errorPage, run.browser?.errorPage?.html.slice(0, 600)).toBeUndefined();
  expect(run.browser?.delivered, text).toBe(200);
  // Both scenarios ran, and every check passed.
  expect(new Set(run.checks.map((c) => c.scenario)), text).toEqual(new Set(["authorization-server-metadata-endpoint", "authorization-code-grant"]));
  expect(run.checks.filter((c) => c.status !== "SUCCESS"), text).toEqual([]);
  expect(run.exitCode, text).toBe(0);
}

describe.each(["DCR", "CIMD"] as const)("conformance suite, authorization mode, %s client", (kind) => {
  it.each(SPEC_VERSIONS)("spec %s: metadata and PKCE code grant with resource (RFC 8707) pass every check", (version) => conform(kind, version, true));
  it.each(SPEC_VERSIONS)("spec %s: PKCE code grant without resource (the admin's default resource) passes every check", (version) => conform(kind, version, false));
});
