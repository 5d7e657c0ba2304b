import type { FastifyInstance } from "fastify";
import { registrationToken, registrationTokenCreate } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { errorResponses, typed } from "./admin-route.js";
import { adminChange } from "./admin-change.js";

/**
 * Initial access tokens (RFC 7591 §3): with TOOLGATE_REGISTRATION=token, Dynamic Client
 * Registration needs one. They are reusable until they expire; the value is shown once.
 */
export async function registrationTokensRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  typed(app).post("/registration-tokens", {
    schema: { tags: ["clients"], summary: "Create an initial access token for Dynamic Client Registration", body: registrationTokenCreate, response: { 201: registrationToken, ...errorResponses } },
  }, async (request, reply) => {
    const { expiresInSeconds } = request.body;
    // The typings omit the constructor's payload (expiresIn sets this token's lifetime).
    const Iat = deps.host.provider.InitialAccessToken as unknown as new (payload: { expiresIn: number }) => { save(): Promise<string>; jti: string };
    const iat = new Iat({ expiresIn: expiresInSeconds });
    const token = await iat.save();
    const expiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
    await adminChange(deps, request, "registration_token.created", async () => ({ result: null, target: "registration-token", after: { expiresAt } }));
    return reply.code(201).send({ token, expiresAt });
  });
}
