import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ProductError, type ProductErrorCode } from "./product-error.js";
import { validationFields } from "./validation-fields.js";
import { PrismaNamespace } from "../db/prisma.js";
import type { PageRenderer } from "../http/page-renderer.js";
import { PAGE_SECURITY_HEADERS } from "../http/page-security.js";

interface PageErrorView {
  status: number;
  title: string;
  message: string;
}

/**
 * The one place errors become responses, one error family per kind of endpoint: API routes
 * answer with a ProductError body; browser pages (sign-in, consent, account) with an HTML page;
 * OAuth endpoints — whose errors oidc-provider answers itself, except those raised before it
 * (rate limits) — with RFC 6749 §5.2 error JSON. Unexpected errors are logged with the request
 * id and answered with a generic 500 — never a stack trace.
 */
export function installErrorHandler(
  app: FastifyInstance,
  { isPage, isOAuth = () => false, pages, onPageRefused }: {
    isPage: (request: FastifyRequest) => boolean;
    isOAuth?: (request: FastifyRequest) => boolean;
    pages: PageRenderer;
    /** A sign-in, consent or account page refused a request (bad CSRF token, expired or tampered interaction, throttling…). */
    onPageRefused?: (request: FastifyRequest, error: ProductError) => void;
  },
): ErrorResponder {
  const sendPage = (reply: FastifyReply, view: PageErrorView) => {
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) reply.header(name, value);
    return reply.code(view.status).type("text/html; charset=utf-8").send(pages.render("error", { title: view.title, message: view.message }));
  };

  const respond: ErrorResponder = async (error, request, reply) => {
    const productError = toProductError(error);
    if (productError.status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: productError.code, status: productError.status }, productError.message);

    if (isPage(request)) {
      const view = pageFor(error, productError);
      if (view.status < 500) onPageRefused?.(request, productError);
      return sendPage(reply, view);
    }
    for (const [name, value] of Object.entries(productError.extra.headers ?? {})) reply.header(name, value);
    if (isOAuth(request)) return reply.code(productError.status).header("cache-control", "no-store").type("application/json").send(oauthErrorBody(productError));
    return reply.code(productError.status).type("application/json").send(productError.toJSON());
  };
  app.setErrorHandler(respond);

  app.setNotFoundHandler(async (request, reply) => {
    const error = new ProductError(404, "resource.not_found", `no route ${request.method} ${request.url.split("?")[0]}`);
    if (isPage(request)) return sendPage(reply, { status: 404, title: "Page not found", message: "There is nothing at this address." });
    return reply.code(404).send(error.toJSON());
  });
  return respond;
}

/**
 * Answers an error as its endpoint's family does; also given to Fastify's `frameworkErrors`
 * (malformed URLs, over-long path parameters), which would otherwise answer Fastify's own shape.
 */
export type ErrorResponder = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** RFC 6749 §5.2 / RFC 7591 §3.2.2 error JSON for a product error raised on an OAuth endpoint. */
export function oauthErrorBody(error: ProductError): { error: string; error_description: string } {
  const code = error.status === 429 || error.status === 503
    ? "temporarily_unavailable"
    : error.status >= 500
      ? "server_error"
      : error.status === 401
        ? "invalid_client"
        : "invalid_request";
  return { error: code, error_description: error.message };
}

export function toProductError(error: FastifyError & { error?: string; error_description?: string }): ProductError {
  if (error instanceof ProductError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = validationFields(error.validationContext, error.validation);
    return new ProductError(400, "validation.failed", fields.map((f) => `${f.path || "body"}: ${f.message}`).join("; "), { fields });
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ProductError(415, "request.unsupported_media_type", "unsupported content type; send application/json");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ProductError(413, "request.too_large", "request body too large");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ProductError(400, "request.malformed", error.message);
    case "FST_CSRF_INVALID_TOKEN":
    case "FST_CSRF_MISSING_SECRET":
      return new ProductError(403, "auth.forbidden", "the form expired or did not come from this site; go back and try again");
  }
  if (error instanceof PrismaNamespace.PrismaClientKnownRequestError) {
    // Races past the handlers' own checks (two admins creating the same name at once…).
    if (error.code === "P2002") return new ProductError(409, "resource.conflict", "a record with these unique values already exists");
    if (error.code === "P2003") return new ProductError(409, "resource.in_use", "the record is referenced by, or references, another one");
    if (error.code === "P2025") return new ProductError(404, "resource.not_found", "record not found");
    if (error.code === "P2034") return new ProductError(409, "resource.version_mismatch", "a concurrent change conflicted; try again");
  }
  if (error.statusCode === 429) {
    const headers = (error as { headers?: Record<string, unknown> }).headers ?? {};
    return new ProductError(429, "rate_limited", error.message, {
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    });
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return new ProductError(400, "request.malformed", error.message);
  // Other client errors of Fastify and its plugins (over-long path parameters, @fastify/static's
  // 403 for a path it will not serve…), and file names the file system refuses.
  if (error.code === "ENAMETOOLONG" || error.code === "ENOENT") return new ProductError(404, "resource.not_found", "not found");
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500 && typeof error.error !== "string") {
    return new ProductError(error.statusCode, codeForStatus(error.statusCode), error.message);
  }
  // oidc-provider errors surfacing in interaction routes (expired or tampered interaction…).
  if (typeof error.error === "string" && typeof error.statusCode === "number" && error.statusCode < 500) {
    return new ProductError(error.statusCode, "request.malformed", error.error_description ?? error.error);
  }
  return new ProductError(500, "internal", "internal error");
}

function codeForStatus(status: number): ProductErrorCode {
  switch (status) {
    case 401: return "auth.unauthenticated";
    case 403: return "auth.forbidden";
    case 404: return "resource.not_found";
    case 409: return "resource.conflict";
    case 413: case 414: case 431: return "request.too_large";
    case 415: return "request.unsupported_media_type";
    case 429: return "rate_limited";
    default: return "request.malformed";
  }
}

function pageFor(error: FastifyError & { error?: string }, productError: ProductError): PageErrorView {
  if (error.error === "session_not_found" || error.name === "SessionNotFound") {
    return {
      status: 400,
      title: "This sign-in link has expired",
      message: "The sign-in request is no longer valid. Go back to the application and start again.",
    };
  }
  if (productError.code === "auth.forbidden") {
    return { status: 403, title: "Form expired", message: productError.message };
  }
  if (productError.code === "rate_limited") {
    return { status: 429, title: "Too many attempts", message: "Too many attempts from your network. Wait a minute and try again." };
  }
  if (productError.status >= 500) {
    return { status: 500, title: "Something went wrong", message: "An unexpected error occurred. Try again in a moment." };
  }
  return { status: productError.status, title: "This request could not be completed", message: productError.message };
}
