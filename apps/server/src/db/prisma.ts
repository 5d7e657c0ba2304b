import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Prisma = PrismaClient;
/** The client handed to a `prisma.$transaction(async (tx) => …)` callback. */
export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
export { Prisma as PrismaNamespace } from "../generated/prisma/client.js";

/** The pg pool under Prisma, also used directly by the few hot-path queries (db/hot-path.md). */
export type SqlPool = Pick<pg.Pool, "query">;

export interface DatabaseClients {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** One connection pool, shared by Prisma (through its pg adapter) and hot-path SQL. */
export function createDatabaseClients(
  databaseUrl: string,
  { poolSize = 10, onError = (err: Error) => console.error("database connection error:", err.message) }: { poolSize?: number; onError?: (err: Error) => void } = {},
): DatabaseClients {
  // A database host that stops answering fails requests after 10 s instead of hanging them.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the
  // pool replaces it on next use.
  pool.on("error", onError);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
