import type { Comparison } from "./lib/compare.js";
import { compareTokenIssuance } from "./lib/token-pair.js";

/**
 * client_credentials tokens per second: Toolgate on PostgreSQL (client lookup, scope decision
 * from roles, JWT signing, audit) against bare oidc-provider with its in-memory adapter and a
 * static client doing the same grant and the same JWT format — the cost of everything Toolgate
 * adds. Each server runs in its own process; the load comes from this one.
 */
export function tokenThroughput(): Promise<Comparison> {
  return compareTokenIssuance(
    "client_credentials token issuance",
    { script: "bare-oidc-provider.ts", label: () => "oidc-provider, in-memory adapter" },
    { script: "toolgate.ts", label: (server) => `Toolgate, ${server.info.database}` },
  );
}
