import { ConfigError, loadConfig } from "../config/load-config.js";
import { createLogger } from "../http/logger.js";
import { parseServeArgs, serveCommand } from "./serve-command.js";
import { migrateCommand } from "./migrate-command.js";
import { keysRotateCommand } from "./keys-command.js";
import { adminClientCommand } from "./admin-client-command.js";
import { userCreateCommand } from "./user-create-command.js";
import { demoCommand } from "./demo-command.js";

const USAGE = `Usage: toolgate [command] [options]

Commands:
  serve [--demo] [--shutdown-timeout S]
                        start the server (the default, also when the first argument is an option:
                        \`toolgate --demo\`); --demo seeds the research demo first; on SIGTERM/SIGINT
                        in-flight requests get S seconds (default 15) to finish, then it exits anyway
  migrate               apply database migrations and exit
  keys rotate           publish new signing keys; they sign after TOOLGATE_KEY_PROPAGATION_SECONDS
                        (--withdraw-now: sign at once, withdraw the old keys and the tokens they signed)
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
  // `pnpm start -- --demo` (README) runs `node main.js -- --demo`: pnpm passes its `--` on.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  if (args[0] === "help" || args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // No command, or options first: they are serve's (`toolgate --demo`).
  const [command = "serve", ...rest] = args[0]?.startsWith("-") ? ["serve", ...args] : args;
  const serveOptions = command === "serve" ? parseServeArgs(rest) : undefined;
  if (typeof serveOptions === "string") {
    process.stderr.write(`${serveOptions}\n\n${USAGE}\n`);
    return 64; // EX_USAGE
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
        if (serveOptions) return await serveCommand(config, log, serveOptions);
        break;
      case "migrate":
        return await migrateCommand(config, log);
      case "keys":
        if (rest[0] === "rotate") return await keysRotateCommand(config, log, rest.slice(1));
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
