import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../config/load-config.js";
import { PAGE_SECURITY_HEADERS } from "./page-security.js";

export const VIEWS_DIR = fileURLToPath(new URL("../../views", import.meta.url));

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Characters that change how the text around them displays without showing themselves:
 * bidirectional controls (a client named "\u202Eppa.evil" reads "live.app"), zero-width
 * characters and joiners, the BOM, soft hyphens. Names and URIs come from clients (DCR, CIMD):
 * rather than refuse them everywhere they may be written, pages show each as a visible code.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Eta's escape for every `<%= %>`: HTML-escaped, invisible characters made visible. */
export function escapeForPage(value: unknown): string {
  return String(value ?? "")
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
    .replace(INVISIBLE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
}

/**
 * One Eta instance renders every page: Fastify routes through @fastify/view, and the pages
 * oidc-provider renders itself (errors, logout) through `koa`. Every `<%= %>` goes through escapeForPage.
 */
export function createPageRenderer(config: Config) {
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, escapeFunction: escapeForPage, cache: config.production });
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
