import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import type { AppDeps } from "./app-deps.js";

export const CONSOLE_DIST = fileURLToPath(new URL("../../../console/dist", import.meta.url));

/**
 * The admin console (apps/console, a React single-page app) served at /console/: its built
 * assets, and index.html for every client-side route. Scripts only from this origin.
 * Registered with the prefix `<basePath>/console`.
 */
export async function consoleRoutes(app: FastifyInstance, { config }: Pick<AppDeps, "config">, dist = CONSOLE_DIST): Promise<void> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");

  app.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", csp);
    // For browsers that predate frame-ancestors: the console must never be framed (clickjacking).
    reply.header("x-frame-options", "DENY");
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
  });

  if (!existsSync(path.join(dist, "index.html"))) {
    app.get("/*", { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type("text/plain").send("The console is not built. Run `pnpm build` (or `pnpm start`, which builds first).\n"));
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: "/",
    decorateReply: true,
    index: false,
    // Hashed asset names never change: cache them; index.html must always be fresh.
    setHeaders: (reply, file) => void reply.header("cache-control", file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache"),
  });
  // The build refers to /console/ in index.html only (JavaScript uses relative URLs): under an
  // issuer with a path, the shell is served with that prefix in front.
  const raw = readFileSync(path.join(dist, "index.html"), "utf8");
  const shell = config.basePath ? raw.replaceAll('="/console/', `="${config.basePath}/console/`) : raw;
  const sendShell = (reply: import("fastify").FastifyReply) => reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(shell);
  // Client-side routes (/console/servers/…) all get the app shell.
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method !== "GET") return reply.code(404).send({ code: "resource.not_found", message: "not found" });
    return sendShell(reply);
  });
  app.get("/", { schema: { hide: true } }, async (_request, reply) => sendShell(reply));
}
