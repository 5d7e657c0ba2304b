import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import type { ProviderHost } from "../oidc/provider-host.js";

const METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS"] as const;

/** oidc-provider's endpoints (see `routes` in provider-config.ts), under the issuer's path. */
const PREFIXES = ["/auth", "/token", "/reg", "/jwks", "/me", "/session/end", "/request"];

type RawRequest = IncomingMessage & { originalUrl?: string };

/**
 * Hands oidc-provider's routes to it, raw: the request is hijacked before Fastify reads the body
 * (oidc-provider parses its own). One port, one process; Fastify's logger sees these requests too.
 */
export function oidcRoutes(
  app: FastifyInstance,
  host: ProviderHost,
  basePath: string,
  { registrationLimit, observe }: {
    registrationLimit?: onRequestHookHandler;
    /** Latency of each answered request (hijacked requests skip Fastify's onResponse hooks). */
    observe?: (route: string, method: string, status: number, seconds: number) => void;
  } = {},
): void {
  // For every request, not only these routes: the interaction pages call oidc-provider with the
  // raw request too (interactionDetails / interactionResult).
  const issuer = new URL(host.provider.issuer);
  app.addHook("onRequest", async (request) => pinToIssuer(request.raw, issuer, request.ip));

  const forward = (rewriteTo?: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    if (observe) {
      const route = request.routeOptions.url ?? "oidc";
      reply.raw.once("finish", () => observe(route, request.method, reply.raw.statusCode, reply.elapsedTime / 1000));
    }
    const raw = request.raw as RawRequest;
    if (rewriteTo !== undefined) {
      // Metadata served at RFC 8414 / path-inserted URLs: answered by the discovery endpoint, with
      // the issuer's path as mount path so endpoint URLs come out right.
      const query = raw.url?.includes("?") ? raw.url.slice(raw.url.indexOf("?")) : "";
      raw.originalUrl = `${basePath}${rewriteTo}${query}`;
      raw.url = `${rewriteTo}${query}`;
    } else if (basePath) {
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(basePath.length) || "/";
    }
    host.handle(raw, reply.raw);
  };

  const route = (url: string, rewriteTo?: string, before: onRequestHookHandler[] = []) =>
    app.route({ method: [...METHODS], url, onRequest: [...before, forward(rewriteTo)], handler: async () => undefined });

  for (const prefix of PREFIXES) {
    // Registrations are limited per address (abuse of open DCR); reads and updates of one's own
    // registration are authenticated by its registration access token.
    const before = prefix === "/reg" && registrationLimit ? [registrationLimit] : [];
    route(`${basePath}${prefix}`, undefined, before);
    route(`${basePath}${prefix}/*`);
  }

  // Discovery, at every URL MCP clients try (MCP authorization, "Authorization Server Metadata
  // Discovery"): for an issuer https://h/p they try /.well-known/oauth-authorization-server/p,
  // /.well-known/openid-configuration/p and /p/.well-known/openid-configuration.
  const discovery = "/.well-known/openid-configuration";
  route(`${basePath}${discovery}`, discovery);
  route(`/.well-known/oauth-authorization-server${basePath}`, discovery);
  if (basePath) {
    route(`/.well-known/openid-configuration${basePath}`, discovery);
    route(`${basePath}/.well-known/oauth-authorization-server`, discovery);
  }
}

/**
 * oidc-provider writes every URL it answers with (metadata endpoints, registration_client_uri,
 * redirects to the interaction pages) from the request's origin. Those come from the configured
 * issuer instead, whatever `Host` or `X-Forwarded-*` a client sends: otherwise one request with a
 * forged Host header could poison a cached discovery document (RFC 8414 §3.3: its URLs are the
 * issuer's). The provider trusts these headers (create-provider.ts) because they are set here,
 * the client's own replaced: the address is the one Fastify determined under TOOLGATE_TRUST_PROXY
 * (which, reading the rewritten headers again, determines the same).
 */
function pinToIssuer(raw: IncomingMessage, issuer: URL, ip: string): void {
  raw.headers["x-forwarded-host"] = issuer.host;
  raw.headers["x-forwarded-proto"] = issuer.protocol.slice(0, -1);
  raw.headers["x-forwarded-for"] = ip;
}
