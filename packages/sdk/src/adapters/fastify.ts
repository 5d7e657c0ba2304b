import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuthInfo } from "../auth-info.js";
import type { RequestBody } from "../guard.js";
import type { Toolgate } from "../toolgate.js";
import { pathOf, sendMetadata, type AuthenticatedRequest } from "./node-http.js";

export interface FastifyAdapterOptions {
  /** Path of the MCP endpoint to protect; default: the resource URI's path. */
  path?: string;
}

/**
 * Fastify plugin: `await app.register(toolgateFastify(toolgate))`. Serves the Protected Resource
 * Metadata and guards the MCP endpoint in a `preHandler` hook (after Fastify has parsed the JSON
 * body, so a body Fastify itself refuses — over its `bodyLimit`, not JSON — never gets this far).
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
    fastify.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
      if (pathOf(request.url) !== path) return;
      const declared = Number(request.headers["content-length"] ?? "0");
      const body: RequestBody = declared > toolgate.maxBodyBytes ? { kind: "too_large" } : request.body === undefined ? { kind: "none" } : { kind: "json", value: request.body };
      const requestId = request.headers["x-request-id"];
      const outcome = await toolgate.guard({
        url: request.url,
        authorization: request.raw.headersDistinct.authorization,
        body,
        ...(typeof requestId === "string" ? { requestId } : {}),
      });
      if (!outcome.allowed) {
        return reply.code(outcome.answer.status).headers(outcome.answer.headers).send(outcome.answer.body);
      }
      (request.raw as AuthenticatedRequest).auth = outcome.authInfo;
      reply.raw.once("close", outcome.finish);
    });
  };
  // What fastify-plugin does: the hook applies to the routes of the instance that registers it, not to an encapsulated child only.
  Object.assign(plugin, { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "toolgate" });
  return plugin;
}

/** The caller's identity on a guarded Fastify request. */
export function authInfoOf(request: FastifyRequest): AuthInfo | undefined {
  return (request.raw as AuthenticatedRequest).auth;
}
