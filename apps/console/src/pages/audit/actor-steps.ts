import type { AuditEvent } from "../../api/types.js";

export interface ActorStep {
  role: string;
  value: string;
  href?: string;
}

type EventActors = Pick<AuditEvent, "type" | "subject" | "actorChain" | "clientId" | "resource" | "tool" | "details">;

/**
 * The administrator who acted in someone else's record (a consent revoked from the console):
 * `details.revokedBy`, also first in the actor chain, followed by the client they used.
 */
export function revokedBy(e: Pick<AuditEvent, "details">): string | undefined {
  const by = typeof e.details === "object" && e.details !== null ? (e.details as { revokedBy?: unknown }).revokedBy : undefined;
  return typeof by === "string" ? by : undefined;
}

const user = (id: string) => `/users/${encodeURIComponent(id)}`;
const client = (id: string) => `/clients/${encodeURIComponent(id)}`;

/**
 * Who acted for whom, in order: the subject (on whose behalf, whose consent, or the administrator
 * making a change), the actors (outermost last), the client, then the MCP server and tool.
 */
export function actorSteps(event: EventActors): ActorStep[] {
  const steps: ActorStep[] = [];
  const consent = event.type.startsWith("consent.");
  const adminChange = event.type.startsWith("admin.");
  if (event.subject) {
    steps.push(
      consent
        ? { role: "User (whose consent)", value: event.subject, href: user(event.subject) }
        : adminChange
          ? { role: "Administrator", value: event.subject, href: user(event.subject) }
          : { role: "Subject (on whose behalf)", value: event.subject, href: `/audit?subject=${encodeURIComponent(event.subject)}` },
    );
  }
  const admin = revokedBy(event);
  const [first, ...rest] = event.actorChain;
  if (admin !== undefined && first === admin) {
    steps.push({ role: "Revoked by (administrator)", value: admin, href: user(admin) });
    for (const actor of rest) steps.push({ role: "Through client", value: actor, href: client(actor) });
  } else {
    for (const [i, actor] of event.actorChain.entries()) steps.push({ role: i === 0 ? "Acting client" : `Delegated through (${i + 1})`, value: actor, href: client(actor) });
  }
  if (event.clientId && !event.actorChain.includes(event.clientId) && event.clientId !== event.subject) {
    steps.push({ role: consent ? "Client (the consent is to)" : adminChange ? "Through client" : "Client", value: event.clientId, href: client(event.clientId) });
  }
  if (event.resource) steps.push({ role: "MCP server", value: event.resource, href: `/audit?resource=${encodeURIComponent(event.resource)}` });
  if (event.tool) steps.push({ role: "Tool", value: event.tool, href: `/audit?tool=${encodeURIComponent(event.tool)}` });
  return steps;
}
