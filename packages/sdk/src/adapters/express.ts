import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestBody } from "../guard.js";
import type { Toolgate } from "../toolgate.js";
import { guardNodeRequest, isMetadataRequest, pathOf, readJsonBody, sendMetadata, type AuthenticatedRequest } from "./node-http.js";

export interface ExpressAdapterOptions {
  /** Path of the MCP endpoint to protect (as in `req.originalUrl`); default: the resource URI's path. */
  path?: string;
}

/** The parts of Express's request the middleware uses (typed structurally: Express stays a peer dependency). */
type ExpressRequest = AuthenticatedRequest & { body?: unknown; originalUrl?: string };
type Next = (err?: unknown) => void;

/**
 * Express middleware: `app.use(toolgateExpress(toolgate))` before the MCP route. Serves the
 * Protected Resource Metadata, guards the MCP endpoint (`req.auth` set, `req.body` parsed), and
 * calls `next()` for everything else. Best before `express.json()`: the SDK then reads the body
 * itself and counts its bytes against `maxBodyBytes`. After it, bodies express.json() refuses
 * (over its own `limit`, not JSON) are answered by Express, and the size of the ones it parsed is
 * measured as well as it still can be (see `parsedBody`).
 */
export function toolgateExpress(toolgate: Toolgate, options: ExpressAdapterOptions = {}) {
  const path = options.path ?? toolgate.mcpPath;
  return async function toolgateMiddleware(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const request = req as ExpressRequest;
    const url = request.originalUrl ?? req.url;
    try {
      if (isMetadataRequest(toolgate, req.method, url)) return sendMetadata(toolgate, req, res);
      if (pathOf(url) !== path) return next();
      const body = request.body !== undefined && req.readableEnded ? parsedBody(request.body, req.headers["content-length"], toolgate.maxBodyBytes) : await readJsonBody(req, toolgate.maxBodyBytes);
      const outcome = await guardNodeRequest(toolgate, request, res, body);
      if (!outcome.allowed) return;
      request.body = outcome.body;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * A body a parser registered before the SDK (express.json()) has already read: the bytes are gone,
 * so its size is the larger of the declared length (a compressed body declares less than it
 * inflates to) and the parsed value re-serialized — whitespace and escapes gone, so about the bytes
 * sent, or fewer; a chunked body declares nothing and only that measure remains.
 */
function parsedBody(value: unknown, contentLength: string | undefined, limit: number): RequestBody {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return { kind: "malformed" };
  }
  return Math.max(Number(contentLength ?? "0") || 0, size) > limit ? { kind: "too_large" } : { kind: "json", value };
}
