/**
 * Errors of Toolgate's own API (admin API, ingest, feeds): a stable dotted `code` clients can
 * switch on, the HTTP status, a sentence for people, and for validation the fields at fault.
 * Wire form: { "code": "validation.failed", "message": "...", "fields": [{ "path": "name", "message": "..." }] }
 * The codes are a closed enum of the contracts package, shared with the console.
 */
import type { ProductErrorCode } from "@toolgate/contracts";

export type { ProductErrorCode };

export interface FieldError {
  path: string;
  message: string;
}

export class ProductError extends Error {
  override name = "ProductError";
  constructor(
    readonly status: number,
    readonly code: ProductErrorCode,
    message: string,
    readonly extra: { fields?: FieldError[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.extra.fields ? { fields: this.extra.fields } : {}), ...(this.extra.details ? { details: this.extra.details } : {}) };
  }
}

export const notFound = (what: string) => new ProductError(404, "resource.not_found", `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new ProductError(409, "resource.conflict", message, details ? { details } : {});
export const inUse = (message: string, details: Record<string, unknown>) => new ProductError(409, "resource.in_use", message, { details });
export const versionMismatch = () =>
  new ProductError(409, "resource.version_mismatch", "the record changed since you read it; reload and apply your change again");
export const invalid = (path: string, message: string) =>
  new ProductError(400, "validation.failed", `${path}: ${message}`, { fields: [{ path, message }] });
