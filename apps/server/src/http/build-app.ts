import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { installErrorHandler } from "../errors/error-handler.js";
import { interactionRoutes } from "../interaction/interaction-routes.js";
import type { AppDeps } from "./app-deps.js";
import { healthRoutes } from "./health-routes.js";
import { oidcRoutes } from "./oidc-routes.js";
import { pagePlugins } from "./page-plugins.js";

const PUBLIC_DIR = fileURLToPath(new URL("../../public", import.meta.url));
const PAGE_PREFIXES = ["/interaction/", "/account", "/federation/"];

/** The HTTP application: oidc-provider's endpoints, Toolgate's pages and APIs, on one Fastify. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, log } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: false },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: `${config.basePath}/assets/`, decorateReply: false });

  installErrorHandler(app, {
    isPage: (request) => PAGE_PREFIXES.some((p) => request.url.startsWith(`${config.basePath}${p}`)),
    pages: deps.pages,
  });

  app.get(`${config.basePath}/assets/theme.css`, async (_request, reply) =>
    reply.type("text/css").header("cache-control", "public, max-age=300").send(`:root { --accent: ${config.theme.accentColor}; }\n`));

  oidcRoutes(app, deps.host, config.basePath);
  healthRoutes(app, deps);
  await app.register(async (pagesScope) => {
    await pagePlugins(pagesScope, deps);
    await interactionRoutes(pagesScope, deps);
  });
  return app;
}
