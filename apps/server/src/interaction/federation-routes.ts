import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as oidcErrors } from "oidc-provider";
import type { AppDeps } from "../http/app-deps.js";
import { FederationError } from "../auth/federation.js";
import { resolveFederatedUser } from "../auth/federated-account.js";
import { NOT_ALLOWED } from "./interaction-routes.js";

const COOKIE = "tg_fed";

/**
 * Sign-in through an upstream identity provider: the sign-in page's button starts it (CSRF
 * protected, bound to the interaction), the provider sends the browser back to
 * /federation/callback, which finishes the interaction with the local account.
 */
export async function federationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { host, prisma, audit, config, federation } = deps;
  const cookiePath = `${config.basePath}/federation/`;
  const secure = config.issuer.startsWith("https:");

  app.post<{ Params: { uid: string; slug: string } }>(`${config.basePath}/interaction/:uid/federated/:slug`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const details = await host.provider.interactionDetails(request.raw, reply.raw);
    if (details.prompt.name !== "login") throw new oidcErrors.SessionNotFound("not waiting for a sign-in");
    const provider = await prisma.identityProvider.findUnique({ where: { slug: request.params.slug } });
    if (!provider?.enabled) return page(reply, 404, "Unknown sign-in option", "This sign-in option does not exist or is switched off.");
    try {
      const { url, cookie } = await federation.start(provider, details.uid);
      reply.setCookie(COOKIE, cookie, { path: cookiePath, httpOnly: true, secure, sameSite: "lax", maxAge: 600 });
      return reply.code(303).header("location", url).send();
    } catch (err) {
      return failed(request, reply, err, provider.slug);
    }
  });

  app.get(`${config.basePath}/federation/callback`, async (request, reply) => {
    reply.clearCookie(COOKIE, { path: cookiePath });
    let slug: string | undefined;
    try {
      const pending = federation.pending(request.cookies[COOKIE]);
      const provider = await prisma.identityProvider.findUnique({ where: { id: pending.providerId } });
      if (!provider?.enabled) throw new FederationError("provider_unavailable", "this sign-in option was switched off");
      slug = provider.slug;
      const callbackUrl = new URL(`${config.issuer}${request.url.slice(config.basePath.length)}`);
      const claims = await federation.complete(provider, pending, callbackUrl);
      const outcome = await resolveFederatedUser(prisma, audit, provider, claims, { ip: request.ip, requestId: request.id });
      if (!outcome.ok) {
        audit.emit({
          type: "login.refused", decision: "deny", subject: outcome.userId, ip: request.ip, requestId: request.id,
          reason: outcome.reason === "policy" ? "sign-in policy" : outcome.reason, details: { provider: provider.slug, email: claims.email },
        });
        if (outcome.reason === "policy") return page(reply, 403, "Sign-in not allowed", NOT_ALLOWED);
        if (outcome.reason === "disabled") return page(reply, 403, "Account disabled", "This account is disabled. Ask your administrator.");
        return page(reply, 409, "Account already exists", `An account with this email exists, and ${provider.name} does not confirm the email address. Sign in with your password, or ask your administrator to link the accounts.`);
      }
      const interaction = await host.provider.Interaction.find(pending.uid);
      if (!interaction) throw new FederationError("state_missing", "the sign-in took too long; start again from the application");
      interaction.result = { login: { accountId: outcome.userId, amr: ["fed"] } };
      await interaction.save(Math.max(1, (interaction.exp ?? 0) - Math.floor(Date.now() / 1000)));
      await prisma.user.update({ where: { id: outcome.userId }, data: { lastLoginAt: new Date() } });
      audit.emit({ type: "login.succeeded", decision: "allow", subject: outcome.userId, reason: `federated: ${provider.slug}`, ip: request.ip, requestId: request.id });
      return reply.code(303).header("location", interaction.returnTo).send();
    } catch (err) {
      return failed(request, reply, err, slug);
    }
  });

  function failed(request: FastifyRequest, reply: FastifyReply, err: unknown, slug: string | undefined) {
    if (!(err instanceof FederationError)) throw err;
    request.log.info({ code: err.code, provider: slug, cause: (err.cause as Error | undefined)?.message }, "federated sign-in failed");
    audit.emit({ type: "login.failed", decision: "deny", reason: `${err.code}: ${err.message}`, ip: request.ip, requestId: request.id, details: { provider: slug } });
    const status = err.code === "provider_unavailable" ? 502 : 400;
    return page(reply, status, "Sign-in failed", `${err.message}. Go back to the application and try again.`);
  }

  function page(reply: FastifyReply, status: number, title: string, message: string) {
    return reply.code(status).view("error", { title, message });
  }
}
