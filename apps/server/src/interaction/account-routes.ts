import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { createSecretBox } from "../keys/secret-box.js";
import { createOwnTokens } from "../oidc/own-tokens.js";
import { ACCOUNT_CLIENT_ID, accountRedirectUri } from "../domain/built-ins.js";
import { revokeConsent } from "../domain/consent-revocation.js";

const SESSION = "tg_account";
const PENDING = "tg_account_auth";
const SESSION_SECONDS = 3600;

declare module "fastify" {
  interface FastifyRequest {
    /** CSRF tokens of account pages are bound to the signed-in user. */
    csrfUserInfo?: string;
    accountSubject?: string;
  }
}

/**
 * /account: where users see the applications they allowed and revoke them. The page signs its
 * user in like any relying party — authorization code + PKCE with Toolgate's own `toolgate-account`
 * client, the code redeemed in-process — and keeps a short encrypted session cookie of its own.
 */
export async function accountRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config, prisma, host } = deps;
  const box = createSecretBox(deps.secret, "account-session");
  const ownTokens = createOwnTokens({ issuer: config.issuer, keys: () => host.keys, revocations: deps.revocations, pool: deps.pool });
  const base = `${config.basePath}/account`;
  const cookieOptions = { path: `${base}`, httpOnly: true, secure: config.issuer.startsWith("https:"), sameSite: "lax" as const };

  function subjectOf(request: FastifyRequest): string | undefined {
    const raw = request.cookies[SESSION];
    if (!raw) return undefined;
    try {
      const session = JSON.parse(box.open(raw)) as { sub: string; exp: number };
      return session.exp > Date.now() / 1000 ? session.sub : undefined;
    } catch {
      return undefined;
    }
  }

  async function requireAccount(request: FastifyRequest, reply: FastifyReply) {
    const sub = subjectOf(request);
    if (!sub || !(await ownTokens.subjectActive(sub))) {
      reply.code(401).view("error", { title: "Signed out", message: "Your session ended. Open your account page again to sign in." });
      return reply;
    }
    request.accountSubject = sub;
    request.csrfUserInfo = sub;
    return undefined;
  }

  app.get(base, async (request, reply) => {
    const sub = subjectOf(request);
    const user = sub ? await prisma.user.findUnique({ where: { id: sub } }) : null;
    if (!user || user.status !== "active") return startSignIn(reply);
    request.csrfUserInfo = user.id;
    const consents = await prisma.consent.findMany({
      where: { userId: user.id },
      include: { client: { select: { name: true } }, server: { select: { name: true } } },
      orderBy: { updatedAt: "desc" },
    });
    return reply.view("account", {
      title: "Your account",
      email: user.email,
      csrf: reply.generateCsrf({ userInfo: user.id }),
      consents: consents.map((c) => ({
        id: c.id, clientName: c.client.name || c.clientId, serverName: c.server.name, scopes: c.scopes, since: c.createdAt.toISOString().slice(0, 10),
      })),
    });
  });

  function startSignIn(reply: FastifyReply) {
    const state = randomBytes(16).toString("base64url");
    const verifier = randomBytes(32).toString("base64url");
    reply.setCookie(PENDING, box.seal(JSON.stringify({ state, verifier, exp: Math.floor(Date.now() / 1000) + 600 })), { ...cookieOptions, maxAge: 600 });
    const url = new URL(`${config.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: ACCOUNT_CLIENT_ID,
      redirect_uri: accountRedirectUri(config.issuer),
      response_type: "code",
      scope: "openid",
      state,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    return reply.code(303).header("location", url.toString()).send();
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(`${base}/callback`, async (request, reply) => {
    const fail = (message: string) => reply.code(400).view("error", { title: "Sign-in failed", message });
    let pending: { state: string; verifier: string; exp: number } | undefined;
    try {
      pending = JSON.parse(box.open(request.cookies[PENDING] ?? "")) as typeof pending;
    } catch {
      pending = undefined;
    }
    reply.clearCookie(PENDING, { path: cookieOptions.path });
    const { code, state, error } = request.query;
    if (error) return fail("The sign-in was cancelled.");
    if (!pending || pending.exp < Date.now() / 1000 || !state || state !== pending.state || !code) return fail("The sign-in could not be verified; open your account page again.");

    // Redeem the code at our own token endpoint, in-process.
    const res = await app.inject({
      method: "POST",
      url: `${config.basePath}/token`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        grant_type: "authorization_code", code, code_verifier: pending.verifier, redirect_uri: accountRedirectUri(config.issuer), client_id: ACCOUNT_CLIENT_ID,
      }).toString(),
    });
    const idToken = res.statusCode === 200 ? (res.json() as { id_token?: string }).id_token : undefined;
    if (!idToken) return fail("The sign-in could not be completed.");
    const payload = await ownTokens.verifyIdToken(idToken, ACCOUNT_CLIENT_ID).catch(() => undefined);
    if (!payload) return fail("The sign-in could not be completed.");
    reply.setCookie(SESSION, box.seal(JSON.stringify({ sub: payload.sub, exp: Math.floor(Date.now() / 1000) + SESSION_SECONDS })), { ...cookieOptions, maxAge: SESSION_SECONDS });
    return reply.code(303).header("location", base).send();
  });

  app.post<{ Params: { id: string } }>(`${base}/consents/:id/revoke`, { preHandler: [requireAccount, app.csrfProtection] }, async (request, reply) => {
    const consent = await prisma.consent.findUnique({ where: { id: request.params.id }, select: { userId: true } });
    if (consent?.userId === request.accountSubject) {
      await revokeConsent(deps, request.params.id, { by: "user", ip: request.ip, requestId: request.id });
    }
    return reply.code(303).header("location", base).send();
  });

  app.post(`${base}/sign-out`, { preHandler: [requireAccount, app.csrfProtection] }, async (_request, reply) => {
    reply.clearCookie(SESSION, { path: cookieOptions.path });
    return reply.code(303).header("location", `${config.basePath}/session/end?client_id=${ACCOUNT_CLIENT_ID}`).send();
  });
}
