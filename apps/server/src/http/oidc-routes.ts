import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import type { ProviderHost } from "../oidc/provider-host.js";
import { screenOidcRequest } from "./oidc-request-input.js";
import { describeProblem, type InputProblem } from "./request-input.js";
import { PROTOCOL_RESPONSE_HEADERS } from "./page-security.js";

const METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS"] as const;

/** oidc-provider's endpoints (see `routes` in provider-config.ts), under the issuer's path. */
const PREFIXES = ["/auth", "/token", "/reg", "/jwks", "/me", "/session/end", "/request"];
/** Endpoints a browser navigates to: a refusal there is a page, elsewhere OAuth error JSON. */
const BROWSER_PREFIXES = ["/auth", "/session/end"];

declare module "fastify" {
  interface FastifyContextConfig {
    /** One of oidc-provider's endpoints: errors raised before it (rate limits) are OAuth error JSON. */
    oauthEndpoint?: boolean;
  }
}

/**
 * Whether a request is for one of oidc-provider's endpoints: by its route, or — for a URL too
 * malformed to be routed — by its path.
 */
export function isOAuthEndpoint(request: FastifyRequest, basePath: string): boolean {
  if (request.routeOptions.url !== undefined) return request.routeOptions.config?.oauthEndpoint === true;
  const path = request.url.split("?")[0]!;
  return PREFIXES.some((p) => path === `${basePath}${p}` || path.startsWith(`${basePath}${p}/`));
}

/** Answers a request whose input request-input.ts refused, before oidc-provider sees it. */
export type RefuseInput = (reply: FastifyReply, problem: InputProblem, browser: boolean) => void;

/** RFC 6749 §5.2's error JSON, for the refusals of oidc-routes' own checks. */
export const oauthErrorRefusal: RefuseInput = (reply, problem) => {
  reply.raw
    .writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" })
    .end(JSON.stringify({ error: "invalid_request", error_description: describeProblem(problem) }));
};

type RawRequest = IncomingMessage & { originalUrl?: string };

/**
 * Hands oidc-provider's routes to it, raw: the request is hijacked before Fastify reads the body
 * (oidc-provider parses its own). One port, one process; Fastify's logger sees these requests too.
 */
export function oidcRoutes(
  app: FastifyInstance,
  host: ProviderHost,
  basePath: string,
  { registrationLimit, observe, refuse = oauthErrorRefusal }: {
    registrationLimit?: onRequestHookHandler;
    /** How refused input is answered (default: OAuth error JSON everywhere). */
    refuse?: RefuseInput;
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
    const problem = await screenOidcRequest(raw).catch(() => ({ path: "body", reason: "could not be read" }));
    if (problem) {
      // The body may be unread: discard it, and do not keep the connection for another request.
      reply.raw.setHeader("connection", "close");
      if (!raw.readableEnded) raw.resume();
      const path = (raw.url ?? "").split("?")[0]!;
      return refuse(reply, problem, BROWSER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)));
    }
    for (const [name, value] of Object.entries(PROTOCOL_RESPONSE_HEADERS)) reply.raw.setHeader(name, value);
    // Pages must not be cached (they carry one-time forms and codes); JSON keeps its own policy.
    const writeHead = reply.raw.writeHead;
    reply.raw.writeHead = function (this: typeof reply.raw, ...args: Parameters<typeof writeHead>) {
      if (String(this.getHeader("content-type") ?? "").includes("text/html")) {
        this.setHeader("cache-control", "no-store");
        this.setHeader("pragma", "no-cache");
      }
      return writeHead.apply(this, args);
    } as typeof writeHead;
    // oidc-provider answers some requests (wrong content type, bad token) without reading their
    // body; left unread, it would stall the next request on a kept-alive connection.
    reply.raw.once("finish", () => {
      if (!raw.readableEnded) raw.resume();
    });
    host.handle(raw, reply.raw);
  };

  const route = (url: string, rewriteTo?: string, before: onRequestHookHandler[] = []) =>
    app.route({ method: [...METHODS], url, config: { oauthEndpoint: true }, onRequest: [...before, forward(rewriteTo)], handler: async () => undefined });

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
