import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { Prisma } from "../db/prisma.js";
import type { SecretBox } from "./secret-box.js";

/**
 * Signing keys live in the database so every instance signs and publishes the same set.
 * ES256 signs access tokens (small, fast); RS256 is kept for ID tokens of clients that expect it.
 */
export const SIGNING_ALGS = ["ES256", "RS256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

// Serialises key creation across instances (see migrator for the migration lock).
const KEY_LOCK = 8390876209876543211n;

export interface KeySet {
  /** Private JWKS for oidc-provider: the current signing key of each alg first. */
  jwks: { keys: JWK[] };
  /** Current signing kid per alg. */
  signing: Record<SigningAlg, string>;
  /** Changes whenever the published set or a signing choice changes. */
  fingerprint: string;
}

interface KeyRow {
  kid: string;
  alg: string;
  privateJwkEnc: string;
  activatesAt: Date;
  retiresAt: Date | null;
}

async function generateKey(alg: SigningAlg, box: SecretBox) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  const full = { ...jwk, kid, alg, use: "sig" };
  return {
    kid,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: "sig" },
    privateJwkEnc: box.seal(JSON.stringify(full)),
  };
}

/** Creates a signing key for every alg that has none able to sign now (first start). */
export async function ensureSigningKeys(prisma: Prisma, box: SecretBox, clock: () => Date = () => new Date()): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
    // Read the time only once the lock is held: an instance that waited must see the keys the
    // other one just created as already active.
    const now = clock();
    const present = await tx.signingKey.findMany({
      where: { activatesAt: { lte: now }, OR: [{ retiresAt: null }, { retiresAt: { gt: now } }] },
      select: { alg: true },
    });
    const missing = SIGNING_ALGS.filter((alg) => !present.some((k) => k.alg === alg));
    for (const alg of missing) {
      await tx.signingKey.create({ data: { ...(await generateKey(alg, box)), activatesAt: now } });
    }
  });
}

/**
 * Publishes a new key per alg now and makes it the signing key after `propagationSeconds` — long
 * enough for every instance to reload its key set and every verifier to see it in /jwks. The
 * previous key keeps verifying until every token it signed has expired (`maxTokenLifetime`).
 *
 * `withdrawNow` (a key compromised): the new keys sign at once and the previous ones are deleted,
 * so every token they signed stops verifying — at Toolgate within its key refresh, at MCP servers
 * through the revocation feed's `kids` (docs/resource-server-api.md) — within the revocation bound.
 */
export async function rotateSigningKeys(
  prisma: Prisma,
  box: SecretBox,
  { propagationSeconds, maxTokenLifetime, now = new Date(), withdrawNow = false }: { propagationSeconds: number; maxTokenLifetime: number; now?: Date; withdrawNow?: boolean },
): Promise<string[]> {
  const activatesAt = withdrawNow ? now : new Date(now.getTime() + propagationSeconds * 1000);
  const retiresAt = withdrawNow ? now : new Date(activatesAt.getTime() + maxTokenLifetime * 1000);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
    const kids: string[] = [];
    for (const alg of SIGNING_ALGS) {
      await tx.signingKey.updateMany({ where: withdrawNow ? { alg } : { alg, retiresAt: null }, data: { retiresAt } });
      const key = await generateKey(alg, box);
      await tx.signingKey.create({ data: { ...key, activatesAt } });
      kids.push(key.kid);
    }
    await tx.signingKey.deleteMany({ where: { retiresAt: { lte: now } } });
    return kids;
  });
}

function openKey(box: SecretBox, row: KeyRow): JWK {
  try {
    return JSON.parse(box.open(row.privateJwkEnc)) as JWK;
  } catch (cause) {
    throw new Error(`cannot decrypt signing key ${row.kid}: TOOLGATE_SECRET is not the secret the keys were encrypted with`, { cause });
  }
}

export async function loadKeySet(prisma: Prisma, box: SecretBox, now = new Date()): Promise<KeySet> {
  const rows: KeyRow[] = await prisma.signingKey.findMany({
    where: { OR: [{ retiresAt: null }, { retiresAt: { gt: now } }] },
    orderBy: { activatesAt: "desc" },
    select: { kid: true, alg: true, privateJwkEnc: true, activatesAt: true, retiresAt: true },
  });
  const signing = {} as Record<SigningAlg, string>;
  for (const alg of SIGNING_ALGS) {
    const current = rows.find((r) => r.alg === alg && r.activatesAt <= now);
    if (!current) throw new Error(`no active ${alg} signing key; run the server once to create keys`);
    signing[alg] = current.kid;
  }
  const signingKids = new Set(Object.values(signing));
  const ordered = [...rows.filter((r) => signingKids.has(r.kid)), ...rows.filter((r) => !signingKids.has(r.kid))];
  return {
    jwks: { keys: ordered.map((r) => openKey(box, r)) },
    signing,
    fingerprint: ordered.map((r) => r.kid).join(","),
  };
}
