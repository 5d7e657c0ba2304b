import type { ToolgateAuthInfo } from "../auth-info.js";

/**
 * Which caller each MCP session the gateway saw created belongs to (MCP Security Best Practices
 * §Session Hijacking: bind session ids to user-specific information, here the token's subject and
 * client). A request carrying another caller's session id is answered as an unknown session, so a
 * valid token for this resource is not enough to read or write someone else's session. Sessions the
 * gateway did not see created (another replica, a restart) are not known and are forwarded; the
 * upstream decides. Bounded: the oldest bindings are forgotten first.
 */
export class SessionOwners {
  private readonly owners = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The caller a session belongs to, as one string. */
  static ownerOf(auth: ToolgateAuthInfo): string {
    return JSON.stringify([auth.extra.subject, auth.clientId]);
  }

  /** Whether this caller may use this session id (yes when no one is known to own it). */
  allows(sessionId: string | undefined, auth: ToolgateAuthInfo): boolean {
    if (!sessionId) return true;
    const owner = this.owners.get(sessionId);
    return owner === undefined || owner === SessionOwners.ownerOf(auth);
  }

  /** Records the session id an upstream answer assigned; an id already bound keeps its owner. */
  bind(sessionId: string | null, auth: ToolgateAuthInfo): void {
    if (!sessionId || this.owners.has(sessionId)) return;
    if (this.owners.size >= this.max) this.owners.delete(this.owners.keys().next().value!);
    this.owners.set(sessionId, SessionOwners.ownerOf(auth));
  }

  forget(sessionId: string | undefined): void {
    if (sessionId) this.owners.delete(sessionId);
  }
}
