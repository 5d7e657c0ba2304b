#!/usr/bin/env node
// Runs vitest on a project-local Node (scripts/test-tools.mjs), e.g. the server and SDK projects on
// Node 24:   node scripts/vitest-on-node.mjs node24 --project server --project sdk
// That Node's directory goes first on PATH, so anything the tests spawn as `node` runs on it too.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureTool, ROOT } from "./test-tools.mjs";

const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write("usage: node scripts/vitest-on-node.mjs <node22|node24> [vitest run arguments]\n");
  process.exit(64);
}
const node = ensureTool(name);
const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
process.stdout.write(`[test tools] vitest on Node ${version} (${path.relative(ROOT, node)})\n`);
const result = spawnSync(node, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...args], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}` },
});
process.exit(result.status ?? 1);
