import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Prisma = PrismaClient;
export { Prisma as PrismaNamespace } from "../generated/prisma/client.js";

export function createPrisma(databaseUrl: string, { poolSize = 10 } = {}): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }),
  });
}
