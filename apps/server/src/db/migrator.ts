import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in name order. Each migration runs in
 * its own transaction and is recorded in `_toolgate_migrations` with a checksum; the whole run
 * holds a PostgreSQL advisory lock, so instances starting together apply each migration once and
 * the others wait, then find nothing left to do.
 */

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../../../prisma/migrations", import.meta.url));

// Arbitrary constant shared by every Toolgate instance: "toolgate" as a 63-bit integer.
const LOCK_KEY = "8390876209876543210";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function migrate(databaseUrl: string, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS _toolgate_migrations (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await appliedMigrations(client);
      const applied: string[] = [];
      for (const migration of migrations) {
        const previous = done.get(migration.name);
        if (previous !== undefined) {
          if (previous !== migration.checksum) {
            throw new MigrationError(`migration ${migration.name} was changed after it was applied`);
          }
          continue;
        }
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      const unknown = [...done.keys()].filter((name) => !migrations.some((m) => m.name === name));
      if (unknown.length) {
        throw new MigrationError(`database has migrations this version does not know: ${unknown.join(", ")}`);
      }
      return { applied, alreadyApplied: migrations.length - applied.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Names of migrations present on disk but not applied (empty when the schema is current). */
export async function pendingMigrations(query: (sql: string) => Promise<{ name: string }[]>, dir = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const rows = await query("SELECT name FROM _toolgate_migrations");
  const applied = new Set(rows.map((r) => r.name));
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}

async function appliedMigrations(client: pg.Client): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _toolgate_migrations");
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(migration.sql);
    await client.query("INSERT INTO _toolgate_migrations (name, checksum) VALUES ($1, $2)", [migration.name, migration.checksum]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw new MigrationError(`migration ${migration.name} failed: ${(err as Error).message}`, { cause: err });
  }
}
