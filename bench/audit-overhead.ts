import type { Comparison } from "./lib/compare.js";
import { compareTokenIssuance } from "./lib/token-pair.js";

/**
 * What auditing costs token issuance: the same Toolgate, same database server, once with protocol
 * events off (baseline) and once recording every issued token in the audit trail (batched writes).
 */
export function auditOverhead(): Promise<Comparison> {
  return compareTokenIssuance(
    "token issuance with the audit trail on",
    { script: "toolgate.ts", env: { BENCH_AUDIT: "off" }, label: () => "Toolgate, audit of protocol events off" },
    { script: "toolgate.ts", label: () => "Toolgate, every token audited" },
  );
}
