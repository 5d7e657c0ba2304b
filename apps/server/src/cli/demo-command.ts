import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { createAuditLog } from "../audit/audit-log.js";
import { runDemo } from "../app/demo-seed.js";
import { withDatabase } from "./with-database.js";

/** `toolgate demo`: seeds the research demo (see demo-seed.ts), writes the example's `.env`, prints its credentials once. */
export async function demoCommand(config: Config, log: Logger): Promise<number> {
  return withDatabase(config, log, async ({ prisma, pool }) => {
    const audit = createAuditLog(pool, log);
    try {
      await runDemo(config, prisma, audit, (text) => process.stdout.write(text));
      return 0;
    } finally {
      await audit.close();
    }
  });
}
