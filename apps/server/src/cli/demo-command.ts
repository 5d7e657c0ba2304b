import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { createAuditLog } from "../audit/audit-log.js";
import { describeDemo, seedDemo } from "../app/demo-seed.js";
import { withDatabase } from "./with-database.js";

/** `toolgate demo`: seeds the research demo (see demo-seed.ts) and prints its credentials once. */
export async function demoCommand(config: Config, log: Logger): Promise<number> {
  return withDatabase(config, log, async ({ prisma, pool }) => {
    const audit = createAuditLog(pool, log);
    try {
      const demo = await seedDemo(prisma, audit);
      process.stdout.write(demo ? describeDemo(demo, config.issuer) : "The demo is already seeded.\n");
      return 0;
    } finally {
      await audit.close();
    }
  });
}
