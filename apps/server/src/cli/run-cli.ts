import { ConfigError, loadConfig } from "../config/load-config.js";
import { createLogger } from "../http/logger.js";
import { serveCommand } from "./serve-command.js";
import { migrateCommand } from "./migrate-command.js";
import { keysRotateCommand } from "./keys-command.js";

const USAGE = `Usage: toolgate <command>

Commands:
  serve                 start the server (default)
  migrate               apply database migrations and exit
  keys rotate           publish new signing keys; they sign after TOOLGATE_KEY_PROPAGATION_SECONDS

Configuration comes from environment variables; see the README.`;

/** Parses argv, runs one command, returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command = "serve", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  try {
    switch (command) {
      case "serve":
        return await serveCommand(config, log);
      case "migrate":
        return await migrateCommand(config, log);
      case "keys":
        if (rest[0] === "rotate") return await keysRotateCommand(config, log);
        break;
    }
  } catch (err) {
    log.fatal({ err }, `${command} failed`);
    return 1;
  }
  process.stderr.write(`Unknown command: ${argv.join(" ")}\n\n${USAGE}\n`);
  return 64; // EX_USAGE
}
