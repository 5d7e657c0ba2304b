/** One entry of the audit trail; see docs/audit.md for the event types. */
export interface AuditEventInput {
  type: string;
  decision?: "allow" | "deny" | undefined;
  /** The user or agent on whose behalf something happened (token `sub`). */
  subject?: string | undefined;
  /** Clients acting for the subject, outermost first (token `act` chain). */
  actorChain?: string[] | undefined;
  clientId?: string | undefined;
  resource?: string | undefined;
  tool?: string | undefined;
  scopes?: string[] | undefined;
  reason?: string | undefined;
  ip?: string | undefined;
  requestId?: string | undefined;
  details?: Record<string, unknown> | undefined;
  reporterId?: string | undefined;
  time?: Date | undefined;
}
