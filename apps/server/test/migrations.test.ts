import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { migrate, readMigrations } from "../src/db/migrator.js";
import { json } from "./helpers/oauth.js";

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("migrator", () => {
  it("applies each migration once when several instances migrate at the same time", async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanup.push(() => db.drop());
    const reports = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const expected = (await readMigrations()).map((m) => m.name);
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(expected);
    const rows = await query<{ name: string }>(db.url, "SELECT name FROM _toolgate_migrations ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(expected);
    expect((await migrate(db.url)).applied).toEqual([]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    await migrate(db.url);
    const [first] = await readMigrations();
    await query(db.url, `UPDATE _toolgate_migrations SET checksum = 'x' WHERE name = '${first!.name}'`);
    await expect(migrate(db.url)).rejects.toThrow(/changed after it was applied/);
  });

  it("keeps the audit trail append-only", async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    await migrate(db.url);
    await query(db.url, `INSERT INTO audit_event (type) VALUES ('test')`);
    await expect(query(db.url, `UPDATE audit_event SET type = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(query(db.url, `DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe("two servers starting together on one database", () => {
  it("migrate once, create one key set and one administrator, and both serve", async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const servers: TestServer[] = await Promise.all([startTestServer({ database: db }), startTestServer({ database: db })]);
    cleanup.push(async () => {
      for (const s of servers) await s.close();
    });
    for (const s of servers) {
      const meta = await json(await fetch(`${s.url}/.well-known/oauth-authorization-server`));
      expect(meta.issuer).toBe(s.url);
    }
    const keys = await query<{ alg: string }>(db.url, "SELECT alg FROM signing_key");
    expect(keys.map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    const admins = await query(db.url, `SELECT 1 FROM "user"`);
    expect(admins).toHaveLength(1);
    const applied = await query(db.url, "SELECT name FROM _toolgate_migrations");
    expect(applied).toHaveLength((await readMigrations()).length);
  });
});
