import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import type { AuthInfo } from "../auth-info.js";
import type { RequestBody } from "../guard.js";
import type { Toolgate } from "../toolgate.js";
import { BODY_METHODS, guardNodeRequest, mcpHeadersOf, pathOf, readBodyBytes, sendMetadata, type AuthenticatedRequest } from "./node-http.js";

export interface FastifyAdapterOptions {
  /** Path of the MCP endpoint to protect; default: the resource URI's path. */
  path?: string;
}

/**
 * Fastify plugin: `await app.register(toolgateFastify(toolgate))`. Serves the Protected Resource
 * Metadata and guards the MCP endpoint in two hooks:
 *
 * - `preParsing` reads the body first and counts its bytes against `maxBodyBytes` (chunked bodies
 *   included), answering the SDK's own 413 — audited, with the challenge if the token is bad too —
 *   before Fastify's parser sees it; the MCP route's `bodyLimit` is raised to `maxBodyBytes` unless
 *   the route sets its own, so Fastify's server-wide limit does not answer first;
 * - `preHandler` guards the request with the body Fastify parsed (a body its parser refuses as not
 *   JSON is answered by Fastify).
 *
 * The caller's `AuthInfo` is set on `request.raw.auth`, where `transport.handleRequest(request.raw, reply.raw, request.body)`
 * picks it up; `authInfoOf(request)` reads it.
 */
export function toolgateFastify(toolgate: Toolgate, options: FastifyAdapterOptions = {}) {
  const path = options.path ?? toolgate.mcpPath;
  const plugin = async (fastify: FastifyInstance): Promise<void> => {
    for (const url of toolgate.metadataPaths) {
      fastify.get(url, (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        sendMetadata(toolgate, request.raw, reply.raw);
      });
    }
    fastify.addHook("onRoute", (route: RouteOptions) => {
      if (pathOf(route.url) === path && route.bodyLimit === undefined) route.bodyLimit = toolgate.maxBodyBytes;
    });
    fastify.addHook("preParsing", async (request: FastifyRequest, reply: FastifyReply, payload: Readable & { receivedEncodedLength?: number }) => {
      if (pathOf(request.url) !== path || !BODY_METHODS.has(request.method)) return payload;
      const read = await readBodyBytes(payload, request.headers["content-length"], toolgate.maxBodyBytes);
      if (read.kind === "bytes") {
        // Fastify's parser reads this copy; the encoded length (what a decompressing hook before us counted) is kept for its content-length check.
        return Object.assign(Readable.from(read.bytes.length ? [read.bytes] : []), { receivedEncodedLength: payload.receivedEncodedLength ?? read.bytes.length });
      }
      // Refused here (the guard never allows a body it could not read): answered on the raw response, past any onSend hook.
      reply.hijack();
      await guardNodeRequest(toolgate, request.raw, reply.raw, read.kind === "too_large" ? { kind: "too_large" } : { kind: "malformed" });
      return payload;
    });
    fastify.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
      if (pathOf(request.url) !== path) return;
      const body: RequestBody = request.body === undefined ? { kind: "none" } : { kind: "json", value: request.body };
      const requestId = request.headers["x-request-id"];
      const outcome = await toolgate.guard({
        url: request.url,
        authorization: request.raw.headersDistinct.authorization,
        body,
        ...(typeof requestId === "string" ? { requestId } : {}),
        mcpHeaders: mcpHeadersOf(request.headers),
      });
      if (!outcome.allowed) {
        return reply.code(outcome.answer.status).headers(outcome.answer.headers).send(outcome.answer.body);
      }
      (request.raw as AuthenticatedRequest).auth = outcome.authInfo;
      reply.raw.once("close", outcome.finish);
    });
  };
  // What fastify-plugin does: the hooks apply to the routes of the instance that registers it, not to an encapsulated child only.
  Object.assign(plugin, { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "toolgate" });
  return plugin;
}

/** The caller's identity on a guarded Fastify request. */
export function authInfoOf(request: FastifyRequest): AuthInfo | undefined {
  return (request.raw as AuthenticatedRequest).auth;
}
