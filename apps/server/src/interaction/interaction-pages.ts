import type { Prisma } from "../db/prisma.js";
import { describeRefusal, type ConsentEvaluation } from "./consent-evaluation.js";

export interface ScopeView {
  name: string;
  description: string;
  tools: string[];
}

/**
 * What the consent page shows about the request: the client (and plainly, whether anyone
 * vetted it), the server, and each scope with the tools it unlocks — read-only ones apart from
 * those that change things.
 */
export async function consentPageData(
  prisma: Prisma,
  { clientId, clientName, logoUri, redirectUri, evaluation }: {
    clientId: string;
    clientName: string | undefined;
    logoUri: string | undefined;
    redirectUri: string | undefined;
    evaluation: ConsentEvaluation;
  },
) {
  const row = await prisma.client.findUnique({ where: { id: clientId }, select: { kind: true, firstParty: true, name: true } });
  const kind = row?.kind ?? "dcr";
  const preRegistered = kind === "application" || kind === "agent";
  // A self-registered client an administrator approved for this server was vetted too.
  const approved = !preRegistered && evaluation.server
    ? (await prisma.clientApproval.count({ where: { clientId, serverId: evaluation.server.id, status: "approved" } })) > 0
    : false;
  const granted = evaluation.decision?.ok ? evaluation.decision.granted : [];
  const scopes = evaluation.server
    ? await prisma.scope.findMany({
        where: { serverId: evaluation.server.id, name: { in: granted } },
        include: { tools: { select: { name: true, readOnly: true }, orderBy: { name: "asc" } } },
        orderBy: { name: "asc" },
      })
    : [];
  const readScopes: ScopeView[] = [];
  const writeScopes: ScopeView[] = [];
  for (const s of scopes) {
    const view = { name: s.name, description: s.description, tools: s.tools.map((t) => t.name) };
    // A scope is read-only when every tool it unlocks is; an empty scope counts as a change.
    (s.tools.length && s.tools.every((t) => t.readOnly) ? readScopes : writeScopes).push(view);
  }
  return {
    client: {
      id: clientId,
      name: clientName || row?.name || clientId,
      logoUri,
      kind,
      verified: preRegistered || approved,
      approved,
      redirectHost: redirectUri ? (URL.parse(redirectUri)?.host || redirectUri) : "",
    },
    server: evaluation.server ? { name: evaluation.server.name, resourceUri: evaluation.server.resourceUri } : undefined,
    // Toolgate's own admin API: the page says so loudly.
    administrative: !!evaluation.server?.builtIn && granted.length > 0,
    readScopes,
    writeScopes,
    identityScopes: evaluation.oidcScopes.filter((s) => s !== "openid" && s !== "offline_access"),
    refusals: evaluation.refusals.map((r) => describeRefusal(r, evaluation.server?.name ?? "this server")),
    cannotStepUp: evaluation.cannotStepUp,
  };
}
