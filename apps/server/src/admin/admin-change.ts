import type { FastifyRequest } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import type { Tx } from "../db/prisma.js";
import { notFound, versionMismatch } from "../errors/product-error.js";

export type { Tx };

export interface ChangeOutcome<T> {
  result: T;
  /** What the audit trail records; omitted fields are left out. */
  target: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Runs an admin change in one transaction together with its audit event (who, what, before,
 * after): the change and its record commit or roll back together.
 */
export async function adminChange<T>(
  { prisma, audit }: Pick<AppDeps, "prisma" | "audit">,
  request: FastifyRequest,
  type: string,
  work: (tx: Tx) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const outcome = await work(tx);
    await audit.inTransaction(tx, {
      type: `admin.${type}`,
      subject: request.admin.subject,
      clientId: request.admin.clientId,
      ip: request.ip,
      requestId: request.id,
      details: { target: outcome.target, before: outcome.before ?? null, after: outcome.after ?? null },
    });
    return outcome.result;
  });
}

/**
 * Optimistic concurrency: applies `update` only if the row still has `version`; otherwise 404
 * (gone) or 409 (changed since the caller read it). No write is ever lost silently.
 */
export async function updateVersioned(
  exists: () => Promise<unknown>,
  update: () => Promise<{ count: number }>,
  what: string,
): Promise<void> {
  const { count } = await update();
  if (count === 1) return;
  if (!(await exists())) throw notFound(what);
  throw versionMismatch();
}
