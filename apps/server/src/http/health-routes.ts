import type { FastifyInstance } from "fastify";
import type { AppDeps } from "./app-deps.js";

/** Liveness (the process answers) and readiness (database reachable, schema current). */
export function healthRoutes(app: FastifyInstance, { readiness, config }: AppDeps): void {
  app.get(`${config.basePath}/healthz`, async () => ({ status: "ok" }));
  app.get(`${config.basePath}/readyz`, async (_request, reply) => {
    const result = await readiness();
    return reply.code(result.ok ? 200 : 503).send({ status: result.ok ? "ready" : "not_ready", checks: result.checks });
  });
}
