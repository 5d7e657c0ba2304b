import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject("testDatabaseServer");
  if (!server) {
    const embedded = await startEmbeddedPostgres("memory://");
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `toolgate_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
