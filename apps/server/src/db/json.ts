import type { PrismaNamespace } from "./prisma.js";

/** A JSON object for a Prisma Json column (validated by a schema before it gets here). */
export function jsonOrUndefined(value: Record<string, unknown> | null | undefined): PrismaNamespace.InputJsonValue | undefined {
  return value == null ? undefined : (value as PrismaNamespace.InputJsonValue);
}
