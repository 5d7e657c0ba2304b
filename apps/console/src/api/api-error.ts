import { isProductErrorCode, type ProductErrorCode } from "@toolgate/contracts";

/** A failed admin API call, in the server's error shape (`{ code, message, fields?, details? }`). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The server's codes (the contracts' closed enum), and the console's own: the server could not be
 * reached, or answered something that is not the product's error shape (`http.502` from a proxy…).
 */
export type ApiErrorCode = ProductErrorCode | "network.unreachable" | `http.${number}`;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's stable code (`validation.failed`, `resource.in_use`…) or `network.unreachable`. */
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  static network(): ApiError {
    return new ApiError(0, "network.unreachable", "Toolgate could not be reached. Check your connection and try again.");
  }

  static fromResponse(status: number, body: unknown): ApiError {
    const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const code: ApiErrorCode = isProductErrorCode(b.code) ? b.code : `http.${status}`;
    const message = typeof b.message === "string" && b.message ? b.message : `The server answered ${status}.`;
    const fields = Array.isArray(b.fields)
      ? b.fields.filter((f): f is FieldError => typeof f?.path === "string" && typeof f?.message === "string")
      : [];
    const details = typeof b.details === "object" && b.details !== null ? (b.details as Record<string, unknown>) : {};
    // A conflict on a named field (`{ details: { field: "resourceUri" } }`) belongs next to it too.
    if (typeof details.field === "string" && !fields.some((f) => f.path === details.field)) {
      fields.push({ path: details.field, message: stripPrefix(message) });
    }
    return new ApiError(status, code, message, fields, details);
  }
}

function stripPrefix(message: string): string {
  return message.replace(/^[\w.]+: /, "");
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Any failure of a change as an ApiError (a bug in the page becomes an `internal` one, with its message). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, "internal", error instanceof Error ? error.message : String(error));
}
