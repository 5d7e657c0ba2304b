import { ensureTools } from "../../scripts/test-tools.mjs";

/** Installs the project-local tools the e2e suite runs (Node 22, MCP Inspector) before any test file, once per run. */
export default function setup(): void {
  ensureTools(["node22", "inspector"], (line) => process.stdout.write(`${line}\n`));
}
