import type { Server, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { startToolgate } from "../app/start-toolgate.js";

/** How long a shutdown waits for in-flight requests; under the 30 s most orchestrators allow before SIGKILL. */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 15;

export interface ServeOptions {
  /** Seed the research demo first. */
  demo: boolean;
  shutdownTimeoutMs: number;
}

/** `serve [--demo] [--shutdown-timeout S]`; a string is the usage error to print. */
export function parseServeArgs(args: string[]): ServeOptions | string {
  const options: ServeOptions = { demo: false, shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--demo") {
      options.demo = true;
    } else if (arg === "--shutdown-timeout") {
      const seconds = Number(args[++i]);
      if (!(seconds > 0 && Number.isFinite(seconds))) return "--shutdown-timeout: expected a number of seconds above 0";
      options.shutdownTimeoutMs = Math.round(seconds * 1000);
    } else {
      return `serve: unknown option ${arg}`;
    }
  }
  return options;
}

/**
 * Runs until SIGTERM/SIGINT, then stops accepting, lets in-flight requests finish, closes pools,
 * and resolves 0. Resolves 1 when that takes longer than the shutdown timeout or fails: the caller
 * (main.ts) then exits at once, whatever connection is still open.
 */
export async function serveCommand(config: Config, log: Logger, options: ServeOptions): Promise<number> {
  const toolgate = await startToolgate({ config, log, demo: options.demo });
  const endKeepAlive = closeConnectionsAfterTheirAnswers(toolgate.app.server);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal, timeoutMs: options.shutdownTimeoutMs }, "shutting down");
      // Not unref'd: a close stuck on nothing but a promise would otherwise let the event loop drain,
      // and Node exit 13 (unsettled top-level await in main.ts) instead of 1.
      const timer = setTimeout(() => {
        log.error({ timeoutMs: options.shutdownTimeoutMs }, "shutdown timed out; exiting with requests still open");
        resolve(1);
      }, options.shutdownTimeoutMs);
      endKeepAlive();
      toolgate.close().then(
        () => {
          clearTimeout(timer);
          log.info("stopped");
          resolve(0);
        },
        (err: unknown) => {
          clearTimeout(timer);
          log.error({ err }, "error during shutdown");
          resolve(1);
        },
      );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}

/**
 * Node's server.close() (under Fastify's) ends only the connections idle at that moment: one whose
 * request is in flight stays open after its answer (keep-alive) until the client hangs up or
 * keepAliveTimeout passes (72 s in Fastify), and the shutdown waits for it. Returns what to call at
 * shutdown: each in-flight answer then tells its client the connection ends with it (RFC 9112 §9.6)
 * and the connection is closed once the answer is out.
 */
function closeConnectionsAfterTheirAnswers(server: Server): () => void {
  const inFlight = new Set<ServerResponse>();
  server.on("request", (_request, response: ServerResponse) => {
    inFlight.add(response);
    response.once("close", () => inFlight.delete(response));
  });
  return () => {
    for (const response of inFlight) {
      if (!response.headersSent) response.setHeader("connection", "close");
      // Also when the answer went out without the header (already sent, or removed by the handler).
      response.once("close", () => server.closeIdleConnections());
    }
  };
}
