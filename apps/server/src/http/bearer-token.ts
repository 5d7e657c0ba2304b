import type { FastifyRequest } from "fastify";

/**
 * The access token of a request, from the Authorization header only (RFC 6750 §2.1; never the
 * query string). `undefined` when absent; `null` when the header is malformed or several tokens
 * are sent.
 */
export function bearerToken(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  if (Array.isArray(header)) return null;
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  return match ? match[1]! : null;
}
