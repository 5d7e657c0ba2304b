import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/db/migrator.js";
import { createDatabaseClients } from "../src/db/prisma.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";
import { createClient, createRole, createServerWithScopes } from "./helpers/fixtures.js";
import { basicAuth, form } from "./helpers/oauth.js";
import { spawnServe, type LogLine, type ServeProcess } from "./helpers/spawn-serve.js";

/**
 * `toolgate serve` on SIGTERM: stops accepting, lets in-flight requests finish, closes the pool and
 * exits 0; a request that never finishes must not keep the process alive past the shutdown timeout
 * (regression: the timeout only set process.exitCode, and the open connection kept the process up).
 *
 * The in-flight request is a token request whose body is still arriving: oidc-provider reads the
 * whole body before it answers, so the request stays open exactly as long as the test wants.
 */

const RESOURCE = "https://research.example.com/mcp";
let db: TestDatabase;
let agentSecret: string;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url);
  const { prisma, close } = createDatabaseClients(db.url);
  try {
    const research = await createServerWithScopes(prisma, { resourceUri: RESOURCE, scopes: ["research:browse"] });
    const role = await createRole(prisma, "analyst", [research.scopes[0]!.id]);
    agentSecret = (await createClient(prisma, { id: "report-agent", kind: "agent", confidential: true, grantTypes: ["client_credentials"], roleIds: [role.id] })).clientSecret!;
  } finally {
    await close();
  }
});
afterEach(async () => {
  await serve?.cleanup();
  serve = undefined;
});
afterAll(async () => {
  await db?.drop();
});

/**
 * Starts a client_credentials token request and sends only the first half of its body; resolves
 * once the server has logged the request (it is in flight). `finish` sends the rest.
 */
async function startSlowTokenRequest(server: ServeProcess, agent: http.Agent) {
  const body = form({ grant_type: "client_credentials", resource: RESOURCE }).toString();
  const half = Math.floor(body.length / 2);
  const req = http.request({
    host: "127.0.0.1",
    port: server.port,
    method: "POST",
    path: "/token",
    agent,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      authorization: basicAuth("report-agent", agentSecret),
    },
  });
  const response = new Promise<{ status: number; connection: string | undefined; body: Record<string, unknown>; exitedBefore: boolean }>((resolve, reject) => {
    req.once("error", reject);
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.once("end", () => resolve({
        status: res.statusCode!,
        connection: res.headers.connection,
        body: JSON.parse(text) as Record<string, unknown>,
        exitedBefore: server.child.exitCode !== null || server.child.signalCode !== null,
      }));
    });
  });
  req.write(body.slice(0, half));
  await server.waitForLog((l) => l.msg === "incoming request" && (l.req as { path?: string } | undefined)?.path === "/token");
  return { response, finish: () => req.end(body.slice(half)), abort: () => req.destroy() };
}

const logged = (msg: string) => (l: LogLine) => l.msg === msg;

describe("toolgate serve, on SIGTERM", () => {
  it("lets an in-flight request finish, closes the pool and exits 0", async () => {
    serve = await spawnServe(["serve"], { databaseUrl: db.url });
    // Keep-alive, like most HTTP clients: the connection stays open after the answer.
    const agent = new http.Agent({ keepAlive: true });
    try {
      const slow = await startSlowTokenRequest(serve, agent);
      serve.child.kill("SIGTERM");
      await serve.waitForLog(logged("shutting down"));
      expect(serve.child.exitCode).toBeNull();

      slow.finish();
      const answer = await slow.response;
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.access_token).toEqual(expect.any(String));
      expect(answer.exitedBefore).toBe(false);
      // The client learns the connection ends with this answer (RFC 9112 §9.6) rather than keeping
      // it alive, which would hold the shutdown until its timeout.
      expect(answer.connection).toBe("close");

      expect(await serve.exited).toEqual({ code: 0, signal: null });
      // "stopped" is logged once the HTTP server, the audit writer and the database pool are closed.
      expect(serve.logs.some(logged("stopped"))).toBe(true);
      expect(serve.logs.some(logged("shutdown timed out; exiting with requests still open"))).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  it("exits 1 after the shutdown timeout when a request never finishes", async () => {
    serve = await spawnServe(["serve", "--shutdown-timeout", "1"], { databaseUrl: db.url });
    const agent = new http.Agent({ keepAlive: false });
    try {
      const hung = await startSlowTokenRequest(serve, agent);
      hung.response.catch(() => {}); // the connection is cut when the process exits
      const signalled = Date.now();
      serve.child.kill("SIGTERM");

      expect(await serve.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1000);
      expect(serve.logs.some(logged("shutdown timed out; exiting with requests still open"))).toBe(true);
      expect(serve.logs.some(logged("stopped"))).toBe(false);
      hung.abort();
    } finally {
      agent.destroy();
    }
  });

  it("exits 0 at once when idle", async () => {
    serve = await spawnServe(["serve"], { databaseUrl: db.url });
    const ready = await fetch(`${serve.url}/readyz`); // leaves an idle keep-alive connection behind
    expect(ready.status).toBe(200);
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.logs.some(logged("stopped"))).toBe(true);
  });
});
