import type { FastifyInstance } from "fastify";
import { adminIdentity } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { errorResponses, typed } from "./admin-route.js";

/** Who the admin API sees: the token's subject and, for a person, their user record. */
export async function meRoutes(app: FastifyInstance, { prisma }: AppDeps): Promise<void> {
  typed(app).get("/me", {
    schema: { tags: ["admin"], summary: "The caller's identity", response: { 200: adminIdentity, ...errorResponses } },
  }, async (request) => {
    const { subject, clientId, scopes } = request.admin;
    const user = await prisma.user.findUnique({ where: { id: subject }, select: { id: true, email: true, name: true } });
    return { subject, clientId, scopes, user };
  });
}
