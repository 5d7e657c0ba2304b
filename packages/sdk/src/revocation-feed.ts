import { jwtVerify } from "jose";
import { ToolgateError } from "./errors.js";
import { HttpError, type HttpClient } from "./http-client.js";
import type { KeyStore } from "./key-store.js";
import { isRevocationRule, RevocationIndex, type RevocableClaims } from "./revocation-rules.js";
import type { RevocationCheck } from "./revocation-check.js";

export const REVOCATION_FEED_TYPE = "toolgate-revocations+jwt";
const MAX_PAGES_PER_SYNC = 100;

export interface RevocationFeedOptions {
  http: HttpClient;
  keys: KeyStore;
  issuer: string;
  resource: string;
  algorithms: string[];
  /** HTTP Basic header with the MCP server's own credentials. */
  authorization: string;
  pollIntervalMs: number;
  maxStalenessMs: number;
  whenStale: "last-known" | "refuse";
  clock: () => number;
  onError: (err: unknown) => void;
  /** The feed's fingerprint of this resource's tool → scope map (changes when a tool's scope does). */
  onToolsVersion?: (version: string) => void;
  /** The kids of the issuer's keys in force (a key withdrawn disappears from it). */
  onKids?: (kids: string[]) => void;
}

export interface RevocationFeed extends RevocationCheck {
  /** Resolves after the first complete sync. */
  ready(): Promise<void>;
  /** One sync now (all pages). */
  sync(): Promise<void>;
  /** When the last complete sync started (ms): revocations older than this are known. */
  readonly syncedAt: number | undefined;
  readonly ruleCount: number;
  close(): void;
}

/**
 * Follows Toolgate's revocation feed (docs/resource-server-api.md): polls with a cursor, verifies
 * each page as a JWT signed by the issuer (typ toolgate-revocations+jwt, aud = this resource), and
 * keeps the rules in memory so checking a token costs no network call.
 *
 * Staleness policy: the SDK knows every revocation made before the start of its last complete
 * sync. When that is more than `maxStalenessMs` ago (Toolgate or the network is down), the feed is
 * stale: with `whenStale: "last-known"` tokens are still checked against what is known (an
 * outage of Toolgate does not take its MCP servers down; a revocation made meanwhile applies once
 * a sync succeeds), with `"refuse"` every token is refused with `toolgate_unavailable` (503 +
 * Retry-After) until then. Before the first sync nothing is known: every token is refused.
 */
export function createRevocationFeed(options: RevocationFeedOptions): RevocationFeed {
  const { http, keys, clock } = options;
  const index = new RevocationIndex();
  const feedUrl = `${options.issuer.replace(/\/$/, "")}/api/revocations`;
  const retryAfter = Math.max(1, Math.ceil(options.pollIntervalMs / 1000));
  let cursor = "0";
  /** Toolgate refuses this server's feed (401/403): it is no longer the registered resource. */
  let disowned: string | undefined;
  let syncedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let inFlight: Promise<void> | undefined;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  async function syncPages(): Promise<void> {
    const startedAt = clock();
    for (let page = 0; page < MAX_PAGES_PER_SYNC; page++) {
      let text: string;
      try {
        ({ text } = await http.request(`${feedUrl}?after=${encodeURIComponent(cursor)}&resource=${encodeURIComponent(options.resource)}`, {
          headers: { authorization: options.authorization, accept: "application/jwt" },
        }));
      } catch (err) {
        // Not an outage: Toolgate answered that these credentials are not (or no longer) this
        // resource's — the server was deleted, its resource URI changed, its credentials replaced.
        // Every token for it was revoked with it, so none is accepted until a sync succeeds again.
        if (err instanceof HttpError && (err.status === 401 || err.status === 403)) disowned = err.message;
        throw err;
      }
      const verify = () => jwtVerify(text.trim(), keys.getKey, {
        issuer: options.issuer,
        audience: options.resource,
        typ: REVOCATION_FEED_TYPE,
        algorithms: options.algorithms,
      });
      // A page signed with a key not yet known (keys withdrawn at once sign with a new one at
      // once): fetch the JWKS now. The page came from Toolgate over an authenticated request,
      // so this is no way for a caller to make the SDK hammer the JWKS (unlike a token's kid).
      const { payload } = await verify().catch(async (err: unknown) => {
        if (!(err instanceof ToolgateError && err.code === "kid_unknown")) throw err;
        await keys.refresh();
        return verify();
      });
      if (typeof payload.cursor !== "string" || !Array.isArray(payload.rules)) throw new Error("revocation feed page without cursor or rules");
      for (const rule of payload.rules) {
        if (isRevocationRule(rule)) index.add(rule);
        else options.onError(new Error(`ignored a malformed revocation rule: ${JSON.stringify(rule).slice(0, 200)}`));
      }
      cursor = payload.cursor;
      if (payload.has_more !== true) {
        index.prune(Math.floor(clock() / 1000));
        if (typeof payload.tools_version === "string") options.onToolsVersion?.(payload.tools_version);
        if (Array.isArray(payload.kids) && payload.kids.every((k) => typeof k === "string")) options.onKids?.(payload.kids as string[]);
        syncedAt = startedAt;
        disowned = undefined;
        resolveReady();
        return;
      }
    }
    throw new Error(`revocation feed still has more after ${MAX_PAGES_PER_SYNC} pages`);
  }

  function sync(): Promise<void> {
    inFlight ??= syncPages().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(delay: number) {
    if (closed) return;
    timer = setTimeout(() => {
      sync()
        .catch((err: unknown) => options.onError(err))
        .finally(() => schedule(options.pollIntervalMs));
    }, delay);
    timer.unref();
  }
  schedule(0);

  return {
    ready: () => readyPromise,
    sync,
    get syncedAt() {
      return syncedAt;
    },
    get ruleCount() {
      return index.size;
    },
    check(claims: RevocableClaims) {
      if (disowned !== undefined) {
        throw new ToolgateError("toolgate_unavailable", `revocations cannot be checked: Toolgate refuses this MCP server's revocation feed (${disowned})`, { retryAfter });
      }
      if (syncedAt === undefined || (options.whenStale === "refuse" && clock() - syncedAt > options.maxStalenessMs)) {
        throw new ToolgateError("toolgate_unavailable", "revocations cannot be checked: the revocation feed is not up to date", { retryAfter });
      }
      const rule = index.match(claims);
      if (rule) throw new ToolgateError("token_revoked", `the token was revoked${rule.reason ? `: ${rule.reason}` : ""}`);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
