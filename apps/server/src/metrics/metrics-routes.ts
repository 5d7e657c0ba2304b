import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError } from "../errors/product-error.js";
import { bearerToken } from "../http/bearer-token.js";

/**
 * GET /metrics in the Prometheus text format. With TOOLGATE_METRICS_TOKEN set, scrapers must send
 * it as a bearer token; otherwise the endpoint is open (keep it on an internal network).
 */
export function metricsRoutes(app: FastifyInstance, { config, metrics }: AppDeps): void {
  const expected = config.metricsToken ? Buffer.from(config.metricsToken) : undefined;
  app.get(`${config.basePath}/metrics`, { schema: { hide: true } }, async (request, reply) => {
    if (expected) {
      const given = Buffer.from(bearerToken(request) ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ProductError(401, "auth.unauthenticated", "the metrics token is required", { headers: { "www-authenticate": 'Bearer realm="metrics"' } });
      }
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route) return;
    metrics.httpDuration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
