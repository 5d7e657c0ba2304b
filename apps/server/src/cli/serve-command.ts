import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { startToolgate } from "../app/start-toolgate.js";

const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Runs until SIGTERM/SIGINT, then stops accepting, lets in-flight requests finish, closes pools. */
export async function serveCommand(config: Config, log: Logger, args: string[] = []): Promise<number> {
  const toolgate = await startToolgate({ config, log, demo: args.includes("--demo") });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down");
      const timer = setTimeout(() => {
        log.error("shutdown timed out; exiting");
        resolve(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      toolgate.close().then(
        () => {
          clearTimeout(timer);
          log.info("stopped");
          resolve(0);
        },
        (err) => {
          log.error({ err }, "error during shutdown");
          resolve(1);
        },
      );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
