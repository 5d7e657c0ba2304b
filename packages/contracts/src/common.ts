import { z } from "zod";
import { productErrorCode } from "./errors.js";

export const id = z.uuid({ message: "must be an id (UUID)" });
export const version = z.number().int().positive().max(2_147_483_647).describe("The record's version, from the last read (optimistic concurrency).");
export const timestamp = z.iso.datetime({ offset: true });

/**
 * A search term as a LIKE pattern for Prisma's `contains` (which wraps it in `%…%` and passes
 * it on as is): `%`, `_` and the escape character `\` escaped, so each matches itself.
 */
export const escapeLikePattern = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export const listQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  // Parsed into the pattern every list's `contains` filter takes (server side only: the console sends it raw).
  q: z.string().trim().max(200).transform(escapeLikePattern).optional().describe("Case-insensitive search in names and identifiers (a literal substring)."),
});
export type ListQuery = z.infer<typeof listQuery>;

/**
 * A yes/no list filter in a query string: exactly `true` or `false`. Not `z.coerce.boolean()`,
 * which reads the string "false" as true.
 */
export const queryBoolean = z.enum(["true", "false"], { message: 'must be "true" or "false"' }).transform((v) => v === "true");

export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A protected resource identifier (RFC 8707 §2): absolute https URI — or http on a loopback host,
 * for development — with no fragment and no credentials.
 */
export const resourceUri = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, ctx) => {
    const url = URL.parse(value);
    const problem = !url
      ? "must be an absolute URI"
      : value.includes("#")
        ? "must not contain a fragment"
        : url.username || url.password
          ? "must not contain credentials"
          : url.protocol === "https:"
            ? undefined
            : url.protocol === "http:" && LOOPBACK.has(url.hostname)
              ? undefined
              : "must be https (http only on localhost/127.0.0.1)";
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** RFC 6749 §3.3 scope-token: printable ASCII except space, double quote and backslash. */
export const scopeName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "may only contain printable ASCII without spaces, quotes or backslashes");

/** MCP tool names (specification 2025-11-25): 1–128 characters from A–Z a–z 0–9 _ - . */
export const toolName = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.-]+$/, "may only contain letters, digits, _ - and .");

export const displayName = z.string().trim().min(1).max(100);
export const description = z.string().trim().max(2000);

export const errorBody = z.object({
  code: productErrorCode,
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
