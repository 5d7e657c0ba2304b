import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { adminRoutes } from "../admin/admin-routes.js";
import { resourcesRoutes } from "../api/resources-routes.js";
import { revocationFeedRoutes } from "../api/revocation-feed-routes.js";
import { auditIngestRoutes } from "../api/audit-ingest-routes.js";
import { installErrorHandler, type ErrorResponder } from "../errors/error-handler.js";
import { interactionRoutes } from "../interaction/interaction-routes.js";
import { federationRoutes } from "../interaction/federation-routes.js";
import { accountRoutes } from "../interaction/account-routes.js";
import type { AppDeps } from "./app-deps.js";
import { healthRoutes } from "./health-routes.js";
import { metricsRoutes } from "../metrics/metrics-routes.js";
import { isOAuthEndpoint, oauthErrorRefusal, oidcRoutes } from "./oidc-routes.js";
import { pagePlugins } from "./page-plugins.js";
import { consoleRoutes } from "./console-routes.js";
import { describeProblem, installRequestInputCheck } from "./request-input.js";
import { PAGE_SECURITY_HEADERS } from "./page-security.js";

const PUBLIC_DIR = fileURLToPath(new URL("../../public", import.meta.url));
const PAGE_PREFIXES = ["/interaction/", "/account", "/federation/"];

/** Every route the app serves, as Fastify registered it (the hostile-input suite walks them all). */
export interface RouteEntry {
  method: string;
  url: string;
  schema?: { params?: unknown; querystring?: unknown; body?: unknown; hide?: boolean };
}

declare module "fastify" {
  interface FastifyInstance {
    routeInventory: RouteEntry[];
  }
}

/** The HTTP application: oidc-provider's endpoints, Toolgate's pages and APIs, on one Fastify. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, log } = deps;
  let respond: ErrorResponder | undefined;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: false },
    frameworkErrors: (error, request, reply) => void respond!(error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routeInventory: RouteEntry[] = [];
  app.decorate("routeInventory", routeInventory);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) if (method !== "HEAD") routeInventory.push({ method, url: route.url, schema: route.schema as RouteEntry["schema"] });
  });
  installRequestInputCheck(app);

  await app.register(rateLimit, {
    global: false,
    // Counters shared by every instance when Redis is configured; per process otherwise.
    // A Redis outage must not take sign-in and registration down with it: limits then lapse.
    // Namespaced by issuer: instances of one deployment share counters, other deployments do not.
    ...(deps.redis ? { redis: deps.redis, nameSpace: `toolgate-rl:${config.issuer}:`, skipOnError: true } : {}),
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: `${config.basePath}/assets/`, decorateReply: false });

  respond = installErrorHandler(app, {
    isPage: (request) => PAGE_PREFIXES.some((p) => request.url.startsWith(`${config.basePath}${p}`)),
    isOAuth: (request) => isOAuthEndpoint(request, config.basePath),
    pages: deps.pages,
    onPageRefused: (request, error) =>
      deps.audit.emit({
        type: "interaction.refused",
        decision: "deny",
        reason: `${error.code}: ${error.message}`,
        ip: request.ip,
        requestId: request.id,
        // The route, not the URL: no interaction id in the trail.
        details: { method: request.method, route: request.routeOptions.url ?? "(none)", status: error.status },
      }),
  });

  app.get(`${config.basePath}/assets/theme.css`, async (_request, reply) =>
    reply.type("text/css").header("cache-control", "public, max-age=300").send(`:root { --accent: ${config.theme.accentColor}; }\n`));

  await app.register(swagger, {
    openapi: {
      info: { title: "Toolgate API", version: "1", description: "Admin API (Bearer token with the toolgate:admin scope) and resource metadata." },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          basic: { type: "http", scheme: "basic", description: "An MCP server's own client credentials" },
        },
      },
      security: [{ bearer: [] }],
    },
    // Only Toolgate's own API goes in the document; OAuth endpoints are described by discovery.
    transform: (args) => (args.url.startsWith(`${config.basePath}/api/`) ? jsonSchemaTransform(args) : { schema: { ...args.schema, hide: true }, url: args.url }),
  });
  app.get(`${config.basePath}/api/openapi.json`, { schema: { hide: true } }, async () => app.swagger());

  const registrationLimit = app.rateLimit({
    max: config.registration.ratePerMinute,
    timeWindow: 60_000,
    // Only creating registrations counts; RFC 7592 reads and updates do not.
    allowList: (request) => request.method !== "POST",
    // Thrown to the error handler, which answers OAuth error JSON on /reg (temporarily_unavailable).
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many client registrations from this address; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  oidcRoutes(app, deps.host, config.basePath, {
    registrationLimit,
    refuse: (reply, problem, browser) => {
      if (!browser) return oauthErrorRefusal(reply, problem, browser);
      reply.raw
        .writeHead(400, { ...PAGE_SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" })
        .end(deps.pages.render("error", { title: "This request could not be completed", message: `The request was refused: ${describeProblem(problem)}.` }));
    },
    observe: (route, method, status, seconds) => deps.metrics.httpDuration.observe({ route, method, status: String(status) }, seconds),
  });
  healthRoutes(app, deps);
  metricsRoutes(app, deps);
  await app.register(async (api) => adminRoutes(api, deps), { prefix: `${config.basePath}/api/admin` });
  await app.register(async (api) => resourcesRoutes(api, deps));
  await app.register(async (api) => revocationFeedRoutes(api, deps));
  await app.register(async (api) => auditIngestRoutes(api, deps));
  await app.register(async (consoleScope) => consoleRoutes(consoleScope, deps), { prefix: `${config.basePath}/console` });
  app.get(config.basePath || "/", { schema: { hide: true } }, async (_request, reply) => reply.redirect(`${config.basePath}/console/`));
  await app.register(async (pagesScope) => {
    await pagePlugins(pagesScope, deps);
    await interactionRoutes(pagesScope, deps);
    await federationRoutes(pagesScope, deps);
    await accountRoutes(pagesScope, deps);
  });
  return app;
}
