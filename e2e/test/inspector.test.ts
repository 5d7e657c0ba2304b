import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../apps/server/test/helpers/free-port.js";
import { runInspectorCli } from "../harness/inspector.js";
import { startStack, type Stack, type Target } from "../harness/stack.js";

/**
 * MCP Inspector's CLI (2.x) completes the OAuth flow against Toolgate — as a DCR client, with a
 * Client ID Metadata Document, and with a client id the admin pre-registered — and lists the tools
 * the signed-in user may call, on the example research server and through the gateway.
 */

let stack: Stack;
beforeAll(async () => (stack = await startStack()));
afterAll(async () => stack?.close());

type Registration = "DCR" | "CIMD" | "pre-registered";

describe.each((["example", "gateway"] as const).flatMap((target) => (["DCR", "CIMD", "pre-registered"] as const).map((registration) => ({ target, registration }))))(
  "MCP Inspector CLI, $registration, through the $target",
  ({ target, registration }: { target: Target["name"]; registration: Registration }) => {
    it("signs the user in (sign-in and consent pages) and lists the tools the user may call", async () => {
      const user = await stack.createUser(`inspector ${registration} ${target}`);
      const callbackPort = await freePort();
      const redirectUri = `http://127.0.0.1:${callbackPort}/oauth/callback`;
      const client: string[] = [];
      if (registration === "CIMD") {
        const url = stack.documents.publish(`inspector-${randomUUID()}`, {
          client_name: "MCP Inspector (CIMD)", redirect_uris: [redirectUri], grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"], token_endpoint_auth_method: "none",
        });
        client.push("--client-metadata-url", url);
      } else if (registration === "pre-registered") {
        const created = await stack.api.post("/clients", { name: "MCP Inspector", authMethod: "none", redirectUris: [redirectUri], grantTypes: ["authorization_code", "refresh_token"], roleIds: [stack.roles.analyst.id] });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        client.push("--client-id", created.body.id);
      }
      const run = await runInspectorCli({
        args: ["--server-url", stack.targets[target].resource, "--transport", "http", "--method", "tools/list", "--format", "json", ...client],
        callbackPort,
        user,
      });
      const transcript = `exit ${run.exitCode}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`;
      expect(run.authorizations.length, transcript).toBe(1);
      const { url, outcome } = run.authorizations[0]!;
      expect(url.origin + url.pathname, transcript).toBe(`${stack.toolgate.url}/auth`);
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      expect(url.searchParams.get("resource")).toBe(stack.targets[target].resource);
      const clientId = url.searchParams.get("client_id")!;
      if (registration === "DCR") expect((await stack.toolgate.prisma.client.findUniqueOrThrow({ where: { id: clientId } })).kind).toBe("dcr");
      else expect(clientId).toBe(client[1]);
      expect(outcome.errorPage, outcome.errorPage?.html.slice(0, 500)).toBeUndefined();
      expect(outcome.pages.map((p) => p.kind)).toEqual(["login", "consent"]);
      expect(outcome.delivered, transcript).toBe(200);
      expect(run.exitCode, transcript).toBe(0);
      // --format json: one object, the method's result under `result`.
      const listed = JSON.parse(run.stdout) as { result: { tools: { name: string }[] } };
      expect(listed.result.tools.map((t) => t.name).sort(), transcript).toEqual(["browse", "export"]);
    });
  },
);
