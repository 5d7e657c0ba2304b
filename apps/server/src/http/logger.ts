import pino, { type Logger } from "pino";
import type { IncomingMessage } from "node:http";

/**
 * JSON logs (pino). Nothing that could be a credential is ever written: query strings are cut
 * from URLs (authorization codes and state arrive there), and headers are not logged at all.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "toolgate" },
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? "").split("?")[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
      redact: {
        paths: ["password", "*.password", "client_secret", "*.client_secret", "token", "*.token", "secret", "*.secret"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
