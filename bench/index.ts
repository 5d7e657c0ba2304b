import { tokenThroughput } from "./token-throughput.js";
import { sdkVerification } from "./sdk-verification.js";
import { auditOverhead } from "./audit-overhead.js";
import type { Comparison } from "./lib/compare.js";

/**
 * `pnpm bench [name…]`: each benchmark measures a baseline and Toolgate in the same run and
 * reports the ratio — the only figure worth comparing across machines.
 */

const benches: Record<string, () => Promise<Comparison>> = {
  token: tokenThroughput,
  sdk: sdkVerification,
  audit: auditOverhead,
};

const selected = process.argv.slice(2).filter((a) => a !== "--");
const names = selected.length ? selected : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(benches).join(", ")}\n`);
    process.exit(64);
  }
  const r = await bench();
  const ratio = r.subject.perSecond / r.baseline.perSecond;
  process.stdout.write(
    `\n${r.name}\n` +
      `  baseline  ${r.baseline.label.padEnd(44)} ${r.baseline.perSecond.toFixed(0).padStart(7)} /s${r.baseline.failed ? `  (${r.baseline.failed} failed)` : ""}\n` +
      `  toolgate  ${r.subject.label.padEnd(44)} ${r.subject.perSecond.toFixed(0).padStart(7)} /s${r.subject.failed ? `  (${r.subject.failed} failed)` : ""}\n` +
      `  ratio     ${(ratio * 100).toFixed(1)} % of baseline\n`,
  );
}
