import type { z } from "zod";
import type { FieldError } from "../api/api-error.js";

/** Error messages by field path (`name`, `redirectUris.0`, `scopes.1.name`). */
export type FieldErrors = Record<string, string>;

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    out[path] ??= issue.message;
  }
  return out;
}

/** The server's `fields` (same paths, `body.` already stripped by the server). */
export function apiFieldErrors(fields: readonly FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const f of fields) out[f.path.replace(/^body\./, "") || "_form"] ??= f.message;
  return out;
}

/** The error for a field, or for any part of it (`redirectUris` shows `redirectUris.2`'s error). */
export function errorFor(errors: FieldErrors, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  if (!nested) return undefined;
  const index = nested.slice(name.length + 1).split(".")[0];
  return /^\d+$/.test(index ?? "") ? `item ${Number(index) + 1}: ${errors[nested]}` : errors[nested];
}

/** Field names (as rendered) with an error, in form order, for focusing the first one. */
export function firstErrorField(errors: FieldErrors, order: readonly string[]): string | undefined {
  return order.find((name) => errorFor(errors, name) !== undefined);
}
