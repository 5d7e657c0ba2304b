import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "../src/db/migrator.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { json } from "./helpers/oauth.js";

/**
 * /readyz answers 503 naming the failing check, so an orchestrator stops routing to an instance
 * whose schema is behind (another instance rolled back, a migration row lost) or whose database is
 * gone; /healthz (liveness) keeps answering 200, so the instance is not restarted for it.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function query(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

describe("/readyz", () => {
  it("answers 503 naming the pending migration while one is not applied, and 200 again once it is", async () => {
    expect(await json(await fetch(`${server.url}/readyz`))).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });

    const last = (await readMigrations()).at(-1)!;
    const [row] = await query(server.databaseUrl, "DELETE FROM _toolgate_migrations WHERE name = $1 RETURNING checksum, applied_at", [last.name]);
    expect(row).toBeDefined();
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await json(res)).toEqual({ status: "not_ready", checks: { database: "ok", migrations: `pending: ${last.name}` } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await query(server.databaseUrl, "INSERT INTO _toolgate_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)", [last.name, row!.checksum, row!.applied_at]);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it("answers 503 naming the database when it is unreachable", async () => {
    // A server of its own: its database is dropped under it (open connections terminated, new ones refused).
    const database: TestDatabase = await createTestDatabase();
    const doomed = await startTestServer({ database });
    try {
      expect((await fetch(`${doomed.url}/readyz`)).status).toBe(200);
      await database.drop();
      const res = await fetch(`${doomed.url}/readyz`);
      expect(res.status).toBe(503);
      const body = await json(res);
      expect(body.status).toBe("not_ready");
      expect(Object.keys(body.checks)).toEqual(["database"]);
      expect(body.checks.database).toMatch(/^unreachable: /);
      expect((await fetch(`${doomed.url}/healthz`)).status).toBe(200);
    } finally {
      await doomed.close();
    }
  });
});
