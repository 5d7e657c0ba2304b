import type { FastifySchemaValidationError } from "fastify";
import type { FieldError } from "./product-error.js";

/**
 * A request's schema validation issues → the fields at fault, by dotted path (`name`,
 * `scopes.0.name`); the body's context is left out, the query's and params' are kept
 * (`querystring.pageSize`).
 *
 * zod reports the unknown keys of a strict object as one issue on the object itself (path ""),
 * naming the keys only in its message. Each key becomes its own entry at its full path
 * (`unexpected`, `scopes.0.unexpected`), so a client can tell which field to drop.
 */
export function validationFields(context: string | undefined, issues: readonly FastifySchemaValidationError[]): FieldError[] {
  return issues.flatMap((issue) => {
    const at = [context === "body" ? "" : context, ...issue.instancePath.split("/")].filter((p): p is string => !!p);
    const keys = issue.keyword === "unrecognized_keys" ? unknownKeys(issue.params) : [];
    if (keys.length) return keys.map((key) => ({ path: [...at, key].join("."), message: "is not allowed" }));
    return [{ path: at.join("."), message: issue.message ?? "is invalid" }];
  });
}

function unknownKeys(params: Record<string, unknown>): string[] {
  return Array.isArray(params.keys) ? params.keys.filter((k): k is string => typeof k === "string") : [];
}
