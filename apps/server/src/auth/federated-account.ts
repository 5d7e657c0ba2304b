import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { IdentityProvider } from "../generated/prisma/client.js";
import { FederationError, type FederatedClaims } from "./federation.js";
import { checkSignInPolicy } from "./sign-in-policy.js";

export type FederatedSignIn =
  | { ok: true; userId: string; provisioned: boolean }
  | { ok: false; reason: "disabled" | "policy" | "email_in_use"; userId?: string };

/**
 * Who a federated identity is here: the user linked to (provider, subject); else the user with
 * the same email when the provider vouches for it (email_verified), now linked; else a new user,
 * created just in time. The sign-in policy decides first, so nobody is created who may not sign in.
 */
export async function resolveFederatedUser(
  prisma: Prisma,
  audit: AuditLog,
  provider: IdentityProvider,
  claims: FederatedClaims,
  context: { ip: string; requestId: string },
): Promise<FederatedSignIn> {
  const linked = await prisma.federatedIdentity.findUnique({
    where: { providerId_subject: { providerId: provider.id, subject: claims.subject } },
    include: { user: true },
  });
  const byEmail = !linked && claims.email ? await prisma.user.findUnique({ where: { email: claims.email } }) : null;
  const existing = linked?.user ?? byEmail ?? undefined;
  const email = existing?.email ?? claims.email;
  if (!email) throw new FederationError("email_missing", `${provider.name} did not share an email address`);

  const policy = await checkSignInPolicy(prisma, { email, username: claims.username ?? existing?.username, groups: claims.groups, providerId: provider.id }, existing?.id);
  if (!policy.allowed) return { ok: false, reason: "policy", userId: existing?.id };
  if (existing && existing.status !== "active") return { ok: false, reason: "disabled", userId: existing.id };
  if (linked) return { ok: true, userId: linked.userId, provisioned: false };

  if (byEmail) {
    // Linking to an existing account only on the provider's word that the email is verified.
    if (!claims.emailVerified) return { ok: false, reason: "email_in_use", userId: byEmail.id };
    await prisma.$transaction(async (tx) => {
      await tx.federatedIdentity.create({ data: { providerId: provider.id, subject: claims.subject, userId: byEmail.id } });
      await audit.inTransaction(tx, { type: "user.linked", subject: byEmail.id, reason: `linked to ${provider.slug}`, ip: context.ip, requestId: context.requestId, details: { provider: provider.slug } });
    });
    return { ok: true, userId: byEmail.id, provisioned: false };
  }

  const user = await prisma.$transaction(async (tx) => {
    const usernameFree = claims.username && !(await tx.user.findUnique({ where: { username: claims.username } }));
    const created = await tx.user.create({
      data: {
        email,
        name: claims.name ?? "",
        username: usernameFree ? claims.username : null,
        identities: { create: [{ providerId: provider.id, subject: claims.subject }] },
      },
    });
    await audit.inTransaction(tx, {
      type: "user.provisioned", subject: created.id, reason: `first sign-in through ${provider.slug}`, ip: context.ip, requestId: context.requestId,
      details: { provider: provider.slug, email },
    });
    return created;
  });
  return { ok: true, userId: user.id, provisioned: true };
}
