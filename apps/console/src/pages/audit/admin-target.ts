/** The record an administrator's change was made to (its audit details name the target). */
export function adminTarget(e: { type: string; details: unknown }): string | undefined {
  if (!e.type.startsWith("admin.") || typeof e.details !== "object" || e.details === null) return undefined;
  const target = (e.details as { target?: unknown }).target;
  return typeof target === "string" ? target : undefined;
}
