import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";
import { startTestServer } from "./helpers/test-server.js";
import { basicAuth, tokenRequest } from "./helpers/oauth.js";

let db: TestDatabase;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-cli-"));
  env = {
    DATABASE_URL: db.url,
    TOOLGATE_DATA_DIR: dataDir,
    TOOLGATE_SECRET: "test-secret-test-secret-test-secret-0123456789", // the test servers' secret
    TOOLGATE_ISSUER: "http://127.0.0.1:4999",
    LOG_LEVEL: "silent",
    // Not the repository's examples/research-server/.env.
    TOOLGATE_DEMO_ENV_FILE: path.join(dataDir, "research.env"),
  };
});
afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    const code = await runCli(argv, env);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("toolgate CLI", () => {
  it("prints usage, and refuses unknown commands and bad configuration with the variable named", async () => {
    expect((await run("help")).out).toContain("Usage: toolgate");
    expect((await run("frobnicate")).code).toBe(64);
    const bad = await runCliWith({ PORT: "seventy" }, "migrate");
    expect(bad.code).toBe(78);
    expect(bad.err).toContain("PORT");
    const prod = await runCliWith({ NODE_ENV: "production", TOOLGATE_SECRET: "", DATABASE_URL: "" }, "migrate");
    expect(prod.code).toBe(78);
    expect(prod.err).toContain("TOOLGATE_SECRET");
  });

  it("migrates, rotates keys, creates users, admin clients and the demo", async () => {
    expect((await run("migrate")).code).toBe(0);
    const rotated = await run("keys", "rotate");
    expect(rotated.code).toBe(0);
    expect(rotated.out).toMatch(/Published signing keys/);

    const user = await run("user", "create", "--email", "Carol@Example.com", "--name", "Carol");
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/password: \S{12,}/);
    expect((await run("user", "create", "--email", "carol@example.com")).code).toBe(1);
    expect((await run("user", "create", "--email", "nope")).code).toBe(64);

    // No server has run on this database yet: the commands create the built-ins themselves.
    const admin = await run("admin", "client", "--name", "CI");
    expect(admin.code).toBe(0);
    const adminId = /client_id:\s+(\S+)/.exec(admin.out)![1]!;
    const adminSecret = /client_secret:\s+(\S+)/.exec(admin.out)![1]!;

    const demo = await run("demo");
    expect(demo.out).toContain("Demo research server seeded");
    expect((await run("demo")).out).toContain("already seeded");
    const analystSecret = /demo-analyst\s+secret (\S+)/.exec(demo.out)![1]!;
    const serverId = /TOOLGATE_CLIENT_ID=(\S+)/.exec(demo.out)![1]!;
    const serverSecret = /TOOLGATE_CLIENT_SECRET=(\S+)/.exec(demo.out)![1]!;

    const alice = await run("user", "create", "--email", "alice@example.com", "--role", "analyst", "--password", "alice-password-1");
    expect(alice.code).toBe(0);
    expect(alice.out).toContain("with role analyst");
    const nobody = await run("user", "create", "--email", "bob@example.com", "--role", "no-such-role");
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain("No role named no-such-role");

    // A server on the same database and issuer accepts everything the commands printed.
    const server = await startTestServer({ database: db, env: { TOOLGATE_ISSUER: env.TOOLGATE_ISSUER! } });
    try {
      const token = await tokenRequest(server.listenUrl, { grant_type: "client_credentials", resource: `${env.TOOLGATE_ISSUER}/api/admin` }, basicAuth(adminId, adminSecret));
      expect(token.body.scope).toBe("toolgate:admin");
      const analyst = await tokenRequest(server.listenUrl, { grant_type: "client_credentials", resource: "http://localhost:3000/mcp" }, basicAuth("demo-analyst", analystSecret));
      expect(String(analyst.body.scope).split(" ").sort()).toEqual(["research:browse", "research:export"]);
      const feed = await fetch(`${server.listenUrl}/api/revocations?after=0`, { headers: { authorization: basicAuth(serverId, serverSecret) } });
      expect(feed.status).toBe(200);
      const roles = await server.prisma.user.findUniqueOrThrow({ where: { email: "alice@example.com" }, select: { roles: { select: { role: { select: { name: true } } } } } });
      expect(roles.roles.map((r) => r.role.name)).toEqual(["analyst"]);
      expect(await server.prisma.user.findUnique({ where: { email: "bob@example.com" } })).toBeNull();
    } finally {
      await server.close();
    }
  });
});

async function runCliWith(overrides: Record<string, string>, ...argv: string[]) {
  const saved = env;
  env = { ...env, ...overrides };
  try {
    return await run(...argv);
  } finally {
    env = saved;
  }
}
