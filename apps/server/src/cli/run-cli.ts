import { ConfigError, loadConfig } from "../config/load-config.js";
import { createLogger } from "../http/logger.js";
import { serveCommand } from "./serve-command.js";
import { migrateCommand } from "./migrate-command.js";
import { keysRotateCommand } from "./keys-command.js";
import { adminClientCommand } from "./admin-client-command.js";
import { userCreateCommand } from "./user-create-command.js";
import { demoCommand } from "./demo-command.js";

const USAGE = `Usage: toolgate <command>

Commands:
  serve [--demo]        start the server (default); --demo seeds the research demo first
  migrate               apply database migrations and exit
  keys rotate           publish new signing keys; they sign after TOOLGATE_KEY_PROPAGATION_SECONDS
  admin client [--name N]
                        create an admin automation client (client_credentials); prints its secret once
  user create --email E [--name N] [--password P] [--role R]... [--admin]
                        create a local user; a generated password is printed once
  demo                  seed the research demo server, roles and clients

Commands other than serve open the database themselves: with the embedded database, stop the
server first.

Configuration comes from environment variables; see the README.`;

/** Parses argv, runs one command, returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command = "serve", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig(env);
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
        return await serveCommand(config, log, rest);
      case "migrate":
        return await migrateCommand(config, log);
      case "keys":
        if (rest[0] === "rotate") return await keysRotateCommand(config, log);
        break;
      case "admin":
        if (rest[0] === "client") return await adminClientCommand(config, log, rest.slice(1));
        break;
      case "user":
        if (rest[0] === "create") return await userCreateCommand(config, log, rest.slice(1));
        break;
      case "demo":
        return await demoCommand(config, log);
    }
  } catch (err) {
    log.fatal({ err }, `${command} failed`);
    return 1;
  }
  process.stderr.write(`Unknown command: ${argv.join(" ")}\n\n${USAGE}\n`);
  return 64; // EX_USAGE
}
