import { importJWK, type CryptoKey, type JWK, type JWSHeaderParameters } from "jose";
import { ToolgateError } from "./errors.js";
import { parseJsonObject, type HttpClient } from "./http-client.js";

export interface KeyStoreOptions {
  http: HttpClient;
  /** Where the JWKS is (from the authorization server metadata, RFC 8414 `jwks_uri`). */
  jwksUri: () => Promise<string>;
  /** A refresh for an unknown `kid` happens at most once per cooldown, so a flood of made-up kids cannot hammer Toolgate. */
  cooldownMs: number;
  /** Keys are refetched in the background once this old; until a refetch succeeds the cached keys stay in use. */
  maxAgeMs: number;
  /** After a failed fetch, wait this long before the next. */
  retryMs: number;
  clock: () => number;
  onError: (err: unknown) => void;
}

interface KeyEntry {
  jwk: JWK;
  /** Imports under way or done, per alg. */
  imported: Map<string, Promise<CryptoKey | Uint8Array>>;
  /** Imported keys, per alg. */
  ready: Map<string, CryptoKey | Uint8Array>;
}

export interface KeyStore {
  /** For jose's `jwtVerify(token, getKey)`: the key for the header's `kid`. */
  getKey(header: JWSHeaderParameters): Promise<CryptoKey | Uint8Array>;
  /** The key for this header if it is already imported (synchronous: the hot path), else undefined. */
  peek(header: JWSHeaderParameters): CryptoKey | Uint8Array | undefined;
  /** Fetches now (once; concurrent callers share the fetch). */
  refresh(): Promise<void>;
  /**
   * The issuer says these kids are in force (revocation feed): a cached key not among them was
   * withdrawn, so the JWKS is fetched again now — not after `maxAgeMs` — and the key forgotten.
   */
  reconcile(kids: string[]): void;
  readonly loaded: boolean;
}

/**
 * The issuer's signing keys (RFC 7517 JWKS), cached. An unknown `kid` triggers one refetch (key
 * rotation publishes new keys before they sign), limited by a cooldown. A Toolgate outage never
 * empties the cache: known keys keep verifying the tokens they signed; unknown keys are refused.
 */
export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { http, clock, cooldownMs, maxAgeMs, retryMs } = options;
  let keys = new Map<string, KeyEntry>();
  let loadedAt: number | undefined;
  let lastAttemptAt = -Infinity;
  let lastFailed = false;
  let inFlight: Promise<void> | undefined;

  async function fetchKeys(): Promise<void> {
    lastAttemptAt = clock();
    try {
      const { text } = await http.request(await options.jwksUri(), { headers: { accept: "application/jwk-set+json, application/json" } });
      const doc = parseJsonObject(text, "JWKS");
      if (!Array.isArray(doc.keys)) throw new Error("JWKS has no keys array");
      const next = new Map<string, KeyEntry>();
      for (const jwk of doc.keys as JWK[]) {
        if (typeof jwk !== "object" || jwk === null || typeof jwk.kid !== "string") continue;
        if (jwk.use !== undefined && jwk.use !== "sig") continue;
        // Keep already imported keys: re-importing on every refresh would cost the hot path.
        const previous = keys.get(jwk.kid);
        next.set(jwk.kid, previous && JSON.stringify(previous.jwk) === JSON.stringify(jwk) ? previous : { jwk, imported: new Map(), ready: new Map() });
      }
      keys = next;
      loadedAt = clock();
      lastFailed = false;
    } catch (err) {
      lastFailed = true;
      options.onError(err);
      throw err;
    }
  }

  function refresh(): Promise<void> {
    inFlight ??= fetchKeys().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function mayRefetch(): boolean {
    return clock() - lastAttemptAt >= (lastFailed ? retryMs : cooldownMs);
  }

  return {
    get loaded() {
      return loadedAt !== undefined;
    },
    refresh,
    reconcile(kids) {
      const inForce = new Set(kids);
      if ([...keys.keys()].some((kid) => !inForce.has(kid))) refresh().catch(() => {});
    },
    peek(header) {
      const key = typeof header.kid === "string" && typeof header.alg === "string" ? keys.get(header.kid)?.ready.get(header.alg) : undefined;
      if (key && loadedAt !== undefined && clock() - loadedAt > maxAgeMs && !inFlight && mayRefetch()) refresh().catch(() => {});
      return key;
    },
    async getKey(header) {
      const { kid, alg } = header;
      if (typeof kid !== "string" || typeof alg !== "string") throw new ToolgateError("kid_unknown", "the token header has no kid");
      let entry = keys.get(kid);
      if (!entry) {
        if (inFlight || mayRefetch()) await refresh().catch(() => {});
        entry = keys.get(kid);
        if (!entry) {
          if (loadedAt === undefined) {
            throw new ToolgateError("toolgate_unavailable", "the issuer's signing keys could not be loaded yet", { retryAfter: Math.ceil(retryMs / 1000) });
          }
          throw new ToolgateError("kid_unknown", "the token is signed with a key the issuer does not publish");
        }
      } else if (loadedAt !== undefined && clock() - loadedAt > maxAgeMs && !inFlight && mayRefetch()) {
        refresh().catch(() => {});
      }
      const ready = entry.ready.get(alg);
      if (ready) return ready; // the hot path: no promise chain beyond this async function's own
      if (entry.jwk.alg !== undefined && entry.jwk.alg !== alg) {
        throw new ToolgateError("signature_invalid", `key ${kid} is for ${entry.jwk.alg}, not ${alg}`);
      }
      let key = entry.imported.get(alg);
      if (!key) {
        key = importJWK(entry.jwk, alg);
        entry.imported.set(alg, key);
      }
      try {
        const imported = await key;
        entry.ready.set(alg, imported);
        return imported;
      } catch (cause) {
        entry.imported.delete(alg);
        throw new ToolgateError("signature_invalid", `key ${kid} cannot verify ${alg}`, { cause });
      }
    },
  };
}
