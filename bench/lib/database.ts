import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../apps/server/src/db/embedded-postgres.js";

/** A throw-away database on TEST_DATABASE_URL, the local PostgreSQL, or (last resort) PGlite. */
export async function benchDatabase(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 1500 });
  try {
    await admin.connect();
  } catch {
    const embedded = await startEmbeddedPostgres("memory://");
    return { url: embedded.url, label: "embedded PGlite (no PostgreSQL reachable)", drop: () => embedded.stop() };
  }
  const name = `toolgate_bench_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `PostgreSQL at ${url.host}`,
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
