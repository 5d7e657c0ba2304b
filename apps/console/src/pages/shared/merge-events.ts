/** Newest first by id (audit ids grow with time), without duplicates, at most `limit`. */
export function mergeEvents<T extends { id: string }>(lists: readonly (readonly T[])[], limit: number): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const e of list) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0)).slice(0, limit);
}
