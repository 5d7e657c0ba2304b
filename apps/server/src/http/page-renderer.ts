import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../config/load-config.js";
import { PAGE_SECURITY_HEADERS } from "./page-security.js";

export const VIEWS_DIR = fileURLToPath(new URL("../../views", import.meta.url));

/**
 * One Eta instance renders every page: Fastify routes through @fastify/view, and the pages
 * oidc-provider renders itself (errors, logout) through `koa`. Eta escapes every `<%= %>`.
 */
export function createPageRenderer(config: Config) {
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: config.production });
  const defaults = { theme: config.theme, basePath: config.basePath };

  return {
    eta,
    defaults,
    render(template: string, data: Record<string, unknown>): string {
      return eta.render(template, { ...defaults, ...data });
    },
    async koa(ctx: KoaContextWithOIDC, template: string, data: Record<string, unknown>): Promise<void> {
      for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) ctx.set(name, value);
      ctx.type = "html";
      ctx.body = eta.render(template, { ...defaults, title: data.title ?? "", ...data });
    },
  };
}

export type PageRenderer = ReturnType<typeof createPageRenderer>;
