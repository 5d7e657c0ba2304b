import { z } from "zod";

/**
 * Every error code Toolgate's own API (admin API, resource-server API, ingest, feeds) answers,
 * closed: clients switch on these; a new code is a change of this contract.
 */
export const PRODUCT_ERROR_CODES = [
  "validation.failed",
  "request.malformed",
  "request.too_large",
  "request.unsupported_media_type",
  "auth.unauthenticated",
  "auth.forbidden",
  "resource.not_found",
  "resource.conflict",
  "resource.in_use",
  "resource.version_mismatch",
  "resource.built_in",
  "rate_limited",
  "internal",
] as const;

export const productErrorCode = z.enum(PRODUCT_ERROR_CODES);
export type ProductErrorCode = z.infer<typeof productErrorCode>;

export function isProductErrorCode(value: unknown): value is ProductErrorCode {
  return (PRODUCT_ERROR_CODES as readonly unknown[]).includes(value);
}
