/**
 * What the console must remember across the sign-in redirect: the PKCE verifier, the state and
 * where to come back to. Kept in sessionStorage (this tab only) for the redirect alone and removed
 * when the callback reads it. Tokens never go there.
 */
export interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
  createdAt: number;
}

const PREFIX = "toolgate.console.sign-in.";
const MAX_AGE_MS = 15 * 60_000;

export function savePendingSignIn(storage: Storage, pending: PendingSignIn): void {
  storage.setItem(PREFIX + pending.state, JSON.stringify(pending));
}

/** Reads and removes the pending sign-in for `state`; undefined if unknown or stale. */
export function takePendingSignIn(storage: Storage, state: string, now = Date.now()): PendingSignIn | undefined {
  const key = PREFIX + state;
  const raw = storage.getItem(key);
  storage.removeItem(key);
  // Leftovers of abandoned sign-ins go too.
  for (let i = storage.length - 1; i >= 0; i--) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) {
      const other = parse(storage.getItem(k));
      if (!other || now - other.createdAt > MAX_AGE_MS) storage.removeItem(k);
    }
  }
  const pending = parse(raw);
  if (!pending || pending.state !== state || now - pending.createdAt > MAX_AGE_MS) return undefined;
  return pending;
}

function parse(raw: string | null): PendingSignIn | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as PendingSignIn;
    return typeof v.state === "string" && typeof v.verifier === "string" && typeof v.returnTo === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}
