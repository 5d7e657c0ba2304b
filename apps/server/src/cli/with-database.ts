import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { createDatabaseClients, type Prisma, type SqlPool } from "../db/prisma.js";
import { resolveSecret } from "../config/resolve-secret.js";
import { ensureBuiltIns } from "../app/bootstrap.js";

/**
 * For one-shot commands: opens the configured database (the embedded one cannot be shared with a
 * running server — stop it first), brings the schema and the built-ins (admin role, console client)
 * up to date, runs `work`, closes everything. It never creates the first administrator: `serve` does.
 */
export async function withDatabase<T>(config: Config, log: Logger, work: (ctx: { prisma: Prisma; pool: SqlPool; secret: string }) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, log);
  try {
    await migrate(database.url);
    const secret = await resolveSecret(config, log);
    const db = createDatabaseClients(database.url, { poolSize: 2 });
    try {
      await db.prisma.$transaction((tx) => ensureBuiltIns(tx, config.issuer));
      return await work({ prisma: db.prisma, pool: db.pool, secret });
    } finally {
      await db.close();
    }
  } finally {
    await database.stop();
  }
}
