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
 * calls `next()` for everything else. Works before or after `express.json()`.
 */
export function toolgateExpress(toolgate: Toolgate, options: ExpressAdapterOptions = {}) {
  const path = options.path ?? toolgate.mcpPath;
  return async function toolgateMiddleware(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const request = req as ExpressRequest;
    const url = request.originalUrl ?? req.url;
    try {
      if (isMetadataRequest(toolgate, req.method, url)) return sendMetadata(toolgate, req, res);
      if (pathOf(url) !== path) return next();
      const body: RequestBody = request.body !== undefined && req.readableEnded ? { kind: "json", value: request.body } : await readJsonBody(req, toolgate.maxBodyBytes);
      const outcome = await guardNodeRequest(toolgate, request, res, body);
      if (!outcome.allowed) return;
      request.body = outcome.body;
      next();
    } catch (err) {
      next(err);
    }
  };
}
