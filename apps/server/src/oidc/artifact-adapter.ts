import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import type { Prisma, Tx } from "../db/prisma.js";

/**
 * oidc-provider storage for every artifact model except Client (see client-adapter.ts): one row per
 * artifact in `oidc_artifact`, keyed by (model, id), with the lookup columns oidc-provider needs
 * (grant id, user code, session uid) and the expiry it asks for. Expired rows are invisible to
 * `find` at once and deleted by `purgeExpiredArtifacts`.
 */
export class ArtifactAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly prisma: Prisma,
    /** Runs in the transaction that deletes the grant (its revocation rule commits with it). */
    private readonly onGrantDestroyed: (grant: AdapterPayload, tx: Tx) => Promise<void>,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = {
      payload: payload as object,
      grantId: payload.grantId ?? null,
      clientId: payload.clientId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt,
    };
    await this.prisma.oidcArtifact.upsert({
      where: { model_id: { model: this.model, id } },
      create: { model: this.model, id, ...data },
      update: data,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findBy({ id });
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findBy({ uid });
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findBy({ userCode });
  }

  /**
   * oidc-provider checks `consumed` on the artifact it read, then consumes it: two redemptions
   * arriving together would both pass. Consuming is therefore a compare-and-set here, and the
   * loser is treated as the reuse it is (RFC 9700 §4.14.2): its grant, and all it issued, revoked.
   */
  async consume(id: string): Promise<void> {
    const { count } = await this.prisma.oidcArtifact.updateMany({
      where: { model: this.model, id, consumedAt: null },
      data: { consumedAt: new Date() },
    });
    if (count === 1) return;
    const row = await this.prisma.oidcArtifact.findUnique({ where: { model_id: { model: this.model, id } }, select: { grantId: true } });
    if (row?.grantId) await this.revokeGrant(row.grantId);
    throw new errors.InvalidGrant(`${this.model === "RefreshToken" ? "refresh token" : "authorization code"} already used`);
  }

  async destroy(id: string): Promise<void> {
    if (this.model === "Grant") return this.destroyGrant(id);
    await this.prisma.oidcArtifact.deleteMany({ where: { model: this.model, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.prisma.oidcArtifact.deleteMany({ where: { model: this.model, grantId } });
  }

  /** What oidc-provider does on reuse: every artifact of the grant, then the grant itself. */
  private async revokeGrant(grantId: string): Promise<void> {
    await this.prisma.oidcArtifact.deleteMany({ where: { grantId, NOT: { model: "Grant" } } });
    await this.destroyGrant(grantId);
  }

  private async destroyGrant(id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const row = await tx.oidcArtifact.findUnique({ where: { model_id: { model: "Grant", id } } });
      await tx.oidcArtifact.deleteMany({ where: { model: "Grant", id } });
      if (row) await this.onGrantDestroyed(row.payload as AdapterPayload, tx);
    });
  }

  private async findBy(where: { id?: string; uid?: string; userCode?: string }): Promise<AdapterPayload | undefined> {
    const row = await this.prisma.oidcArtifact.findFirst({
      where: {
        model: this.model,
        ...where,
        OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
      },
    });
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }
}

/** Deletes artifacts that expired more than `graceSeconds` ago; returns how many. */
export async function purgeExpiredArtifacts(prisma: Prisma, graceSeconds = 0): Promise<number> {
  const { count } = await prisma.oidcArtifact.deleteMany({
    where: { expiresAt: { lt: new Date(Date.now() - graceSeconds * 1000) } },
  });
  return count;
}
