import pg from "pg";
import type { TestProject } from "vitest/node";

const LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin connection URL of the PostgreSQL server tests create their databases on; "" = embedded. */
    testDatabaseServer: string;
  }
}

/** Chooses where test databases live, once per run, and says so. */
export default async function setup(project: TestProject): Promise<void> {
  const explicit = process.env.TEST_DATABASE_URL;
  let server = "";
  if (explicit) {
    server = explicit;
  } else if (await reachable(LOCAL_POSTGRES)) {
    server = LOCAL_POSTGRES;
  }
  const where = server ? `PostgreSQL at ${new URL(server).host}` : "the embedded PostgreSQL (PGlite) — no server was reachable at 127.0.0.1:5432";
  process.stdout.write(`[toolgate tests] databases on ${where}; each test file gets its own\n`);
  project.provide("testDatabaseServer", server);
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
