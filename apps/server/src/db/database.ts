import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";

export interface Database {
  url: string;
  embedded: EmbeddedPostgres | undefined;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data directory. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) {
    log.info({ database: redactUrl(config.databaseUrl) }, "using PostgreSQL from DATABASE_URL");
    return { url: config.databaseUrl, embedded: undefined, stop: async () => {} };
  }
  const dir = path.join(config.dataDir, "pg");
  log.warn({ dataDir: dir }, "no DATABASE_URL: starting the embedded PostgreSQL (PGlite). Fine for a first run and evaluation; set DATABASE_URL for production");
  const embedded = await startEmbeddedPostgres(dir);
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}

export function redactUrl(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return "(unparseable URL)";
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
