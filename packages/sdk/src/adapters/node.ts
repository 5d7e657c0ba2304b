import type { IncomingMessage, ServerResponse } from "node:http";
import type { Toolgate } from "../toolgate.js";
import { guardNodeRequest, isMetadataRequest, pathOf, readJsonBody, sendMetadata, type AuthenticatedRequest } from "./node-http.js";

export type { AuthenticatedRequest } from "./node-http.js";

export interface NodeAdapterOptions {
  /** Path of the MCP endpoint to protect; default: the resource URI's path. */
  path?: string;
}

/**
 * For `http.createServer`: serves the Protected Resource Metadata, guards the MCP endpoint, and
 * passes everything else through. `handler` gets the guarded request with `req.auth` set and the
 * parsed body (the stream is consumed), ready for `transport.handleRequest(req, res, body)`.
 */
export function toolgateNode(
  toolgate: Toolgate,
  handler: (req: AuthenticatedRequest, res: ServerResponse, body: unknown) => void | Promise<void>,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const path = options.path ?? toolgate.mcpPath;
  return async (req, res) => {
    if (isMetadataRequest(toolgate, req.method, req.url)) return sendMetadata(toolgate, req, res);
    if (pathOf(req.url) !== path) return handler(req, res, undefined);
    const outcome = await guardNodeRequest(toolgate, req, res, await readJsonBody(req, toolgate.maxBodyBytes));
    if (outcome.allowed) await handler(req, res, outcome.body);
  };
}
