import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";

export async function migrateCommand(config: Config, log: Logger): Promise<number> {
  const database = await openDatabase(config, log);
  try {
    const report = await migrate(database.url);
    log.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, "migrations done");
    return 0;
  } finally {
    await database.stop();
  }
}
