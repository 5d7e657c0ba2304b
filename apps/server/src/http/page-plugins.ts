import type { FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import view from "@fastify/view";
import { deriveKey } from "../keys/secret-box.js";
import { PAGE_SECURITY_HEADERS } from "./page-security.js";
import type { AppDeps } from "./app-deps.js";
import { VIEWS_DIR } from "./page-renderer.js";

/**
 * What server-rendered pages need — cookies, CSRF tokens, form bodies, templates, strict headers —
 * registered in the pages' own scope, so none of it runs on the protocol endpoints.
 */
export async function pagePlugins(app: FastifyInstance, { config, secret, pages }: AppDeps): Promise<void> {
  await app.register(cookie, { secret: deriveKey(secret, "fastify-cookie").toString("base64url") });
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: "tg_csrf",
    cookieOpts: { signed: true, httpOnly: true, sameSite: "lax", secure: config.issuer.startsWith("https:"), path: `${config.basePath}/` },
    getToken: (request) => (request.body as { csrf?: string } | undefined)?.csrf,
    // Tokens are bound to the interaction (or page) they were issued for.
    getUserInfo: (request) => request.csrfUserInfo ?? (request.params as { uid?: string }).uid ?? "",
    csrfOpts: { hmacKey: deriveKey(secret, "csrf") },
  });
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  await app.register(view, { engine: { eta: pages.eta }, root: VIEWS_DIR, defaultContext: pages.defaults });
  app.addHook("onSend", async (_request, reply) => {
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) reply.header(name, value);
  });
}
