import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as oidcErrors, type InteractionResults, type Provider } from "oidc-provider";
import { z } from "zod";
import type { AppDeps } from "../http/app-deps.js";
import { checkLocalLogin } from "../auth/local-login.js";
import { describeRefusal, evaluateConsent } from "./consent-evaluation.js";
import { consentPageData } from "./interaction-pages.js";
import { saveGrant } from "./grant-builder.js";
import { recordConsent } from "./consent-store.js";
import { checkSignInPolicy } from "../auth/sign-in-policy.js";

type InteractionDetails = Awaited<ReturnType<Provider["interactionDetails"]>>;

const loginBody = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  csrf: z.string().max(512),
});

export const NOT_ALLOWED = "Your account is not allowed to sign in here. If you think it should be, ask your administrator.";

const GENERIC_LOGIN_ERROR =
  "That email and password combination did not work. After several failed attempts, sign-in pauses for a few minutes.";

/**
 * The pages oidc-provider sends the browser to when it needs the user: sign-in and consent.
 * Every form carries a CSRF token bound to the interaction; every outcome is audited.
 */
export async function interactionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { host, prisma, pool, audit, config } = deps;
  const base = `${config.basePath}/interaction/:uid`;

  async function renderLogin(reply: FastifyReply, details: InteractionDetails, extra: { status?: number; email?: string; error?: string } = {}) {
    const client = await host.provider.Client.find(String(details.params.client_id));
    const providers = await prisma.identityProvider.findMany({ where: { enabled: true }, orderBy: { name: "asc" }, select: { slug: true, name: true } });
    return reply.code(extra.status ?? 200).view("login", {
      title: "Sign in",
      clientName: client?.clientName,
      csrf: reply.generateCsrf({ userInfo: details.uid }),
      action: `${config.basePath}/interaction/${details.uid}/login`,
      abortAction: `${config.basePath}/interaction/${details.uid}/abort`,
      providers: providers.map((p) => ({ name: p.name, action: `${config.basePath}/interaction/${details.uid}/federated/${p.slug}` })),
      email: extra.email,
      error: extra.error,
    });
  }

  app.get<{ Params: { uid: string } }>(base, async (request, reply) => {
    const details = await host.provider.interactionDetails(request.raw, reply.raw);
    if (details.prompt.name === "login") return renderLogin(reply, details);
    const csrf = reply.generateCsrf({ userInfo: details.uid });
    const clientId = String(details.params.client_id);
    const client = await host.provider.Client.find(clientId);

    const accountId = details.session?.accountId;
    if (details.prompt.name !== "consent" || !accountId) {
      throw new oidcErrors.SessionNotFound("unexpected interaction state");
    }
    const resource = firstResource(details.params.resource);
    const evaluation = await evaluateConsent({ prisma, pool }, { accountId, clientId, scope: details.params.scope, resource });
    const nothingGrantable = !!evaluation.resource && !evaluation.decision?.ok;
    if (nothingGrantable && !evaluation.refusals.length) {
      // Nothing of the server may be granted and nothing in particular was asked for.
      auditRefusal(request, accountId, clientId, resource, "the user may not be granted any scope of this server");
      return finish(request, reply, { error: "invalid_scope", error_description: "none of this server's scopes can be granted to you through this application" });
    }
    const user = await prisma.user.findUnique({ where: { id: accountId }, select: { email: true } });
    const page = await consentPageData(prisma, {
      clientId,
      clientName: client?.clientName,
      logoUri: client?.logoUri,
      redirectUri: typeof details.params.redirect_uri === "string" ? details.params.redirect_uri : undefined,
      evaluation,
    });
    return reply.view("consent", {
      title: nothingGrantable || page.cannotStepUp ? "This access can't be granted" : "Allow access?",
      ...page,
      ...(nothingGrantable ? { cannotStepUp: true, canContinue: false } : {}),
      user: { email: user?.email ?? "" },
      csrf,
      approveAction: `${config.basePath}/interaction/${details.uid}/confirm`,
      denyAction: `${config.basePath}/interaction/${details.uid}/deny`,
    });
  });

  const protectedForm = { preHandler: app.csrfProtection };

  app.post<{ Params: { uid: string } }>(`${base}/login`, {
    ...protectedForm,
    config: { rateLimit: { max: config.loginRatePerMinute, timeWindow: "1 minute" } },
  }, async (request, reply) => {
    const details = await host.provider.interactionDetails(request.raw, reply.raw);
    if (details.prompt.name !== "login") throw new oidcErrors.SessionNotFound("not waiting for a sign-in");
    const body = loginBody.safeParse(request.body);
    const email = body.success ? body.data.email.trim().toLowerCase() : "";
    const result = body.success ? await checkLocalLogin(prisma, email, body.data.password, { ip: request.ip }) : { ok: false as const, reason: "invalid_credentials" as const };

    audit.emit({
      type: result.ok ? "login.succeeded" : "login.failed",
      decision: result.ok ? "allow" : "deny",
      subject: result.ok ? result.userId : result.userId,
      clientId: String(details.params.client_id),
      reason: result.ok ? "password" : result.reason,
      ip: request.ip,
      requestId: request.id,
      details: result.ok ? undefined : { email },
    });

    if (!result.ok) {
      const disabled = result.reason === "disabled";
      return renderLogin(reply, details, {
        status: disabled ? 403 : 401,
        email,
        error: disabled ? "This account is disabled. Ask your administrator." : GENERIC_LOGIN_ERROR,
      });
    }
    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId }, select: { email: true, username: true } });
    const policy = await checkSignInPolicy(prisma, { email: user.email, username: user.username }, result.userId);
    if (!policy.allowed) {
      audit.emit({ type: "login.refused", decision: "deny", subject: result.userId, clientId: String(details.params.client_id), reason: "sign-in policy", ip: request.ip, requestId: request.id });
      return reply.code(403).view("error", { title: "Sign-in not allowed", message: NOT_ALLOWED });
    }
    return finish(request, reply, { login: { accountId: result.userId, amr: ["pwd"] } }, false);
  });

  app.post<{ Params: { uid: string } }>(`${base}/confirm`, protectedForm, async (request, reply) => {
    const details = await host.provider.interactionDetails(request.raw, reply.raw);
    const accountId = details.session?.accountId;
    if (details.prompt.name !== "consent" || !accountId) throw new oidcErrors.SessionNotFound("not waiting for consent");
    const clientId = String(details.params.client_id);
    const resource = firstResource(details.params.resource);
    const evaluation = await evaluateConsent({ prisma, pool }, { accountId, clientId, scope: details.params.scope, resource });
    if (evaluation.resource && !evaluation.decision?.ok) {
      return finish(request, reply, { error: "invalid_scope", error_description: "none of the requested scopes can be granted to you on this server" });
    }
    const grantId = await saveGrant(host.provider, { accountId, clientId, grantId: details.grantId }, evaluation);
    if (evaluation.server && evaluation.decision?.ok) {
      await recordConsent(prisma, audit, {
        userId: accountId,
        clientId,
        serverId: evaluation.server.id,
        resource: evaluation.server.resourceUri,
        scopes: evaluation.decision.granted,
        ip: request.ip,
        requestId: request.id,
      });
    }
    return finish(request, reply, { consent: { grantId } }, true);
  });

  app.post<{ Params: { uid: string } }>(`${base}/deny`, protectedForm, async (request, reply) => {
    const details = await host.provider.interactionDetails(request.raw, reply.raw);
    const accountId = details.session?.accountId;
    const clientId = String(details.params.client_id);
    const resource = firstResource(details.params.resource);
    // "Back to the application" on a request that cannot be granted: the client learns which
    // scopes and why (invalid_scope, RFC 6749 §4.1.2.1), so it stops re-authorizing.
    const outcome = (request.body as Record<string, unknown> | undefined)?.outcome;
    if (outcome === "ungrantable" && accountId && details.prompt.name === "consent") {
      const evaluation = await evaluateConsent({ prisma, pool }, { accountId, clientId, scope: details.params.scope, resource });
      if (evaluation.refusals.length) {
        const serverName = evaluation.server?.name ?? "this server";
        auditRefusal(request, accountId, clientId, resource, "requested scopes cannot be granted", evaluation.refusals.map((r) => r.scope));
        return finish(request, reply, {
          error: "invalid_scope",
          error_description: `cannot be granted: ${evaluation.refusals.map((r) => describeRefusal(r, serverName)).join("; ")}`,
        });
      }
    }
    audit.emit({
      type: "consent.denied",
      decision: "deny",
      subject: accountId,
      clientId,
      resource,
      reason: "the user denied the request",
      ip: request.ip,
      requestId: request.id,
    });
    return finish(request, reply, { error: "access_denied", error_description: "the user denied the request" });
  });

  app.post<{ Params: { uid: string } }>(`${base}/abort`, protectedForm, async (request, reply) => {
    await host.provider.interactionDetails(request.raw, reply.raw);
    return finish(request, reply, { error: "access_denied", error_description: "the user cancelled the sign-in" });
  });

  function auditRefusal(request: FastifyRequest, accountId: string, clientId: string, resource: string | undefined, reason: string, scopes?: string[]) {
    audit.emit({ type: "consent.refused", decision: "deny", subject: accountId, clientId, resource, scopes, reason, ip: request.ip, requestId: request.id });
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, result: InteractionResults, merge = true) {
    const redirectTo = await host.provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
    return reply.code(303).header("location", redirectTo).send();
  }
}

function firstResource(resource: unknown): string | undefined {
  if (typeof resource === "string") return resource;
  if (Array.isArray(resource) && typeof resource[0] === "string") return resource[0];
  return undefined;
}
