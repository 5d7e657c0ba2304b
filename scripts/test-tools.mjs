#!/usr/bin/env node
// The tools the tests run that need a newer Node than the machine's, installed from the npm registry
// into .tools/<name>/ (git-ignored), each pinned exactly; the system Node is never touched.
//
//   node scripts/test-tools.mjs            installs every tool that is missing or at another version
//   node scripts/test-tools.mjs node24     installs one (or several) by name
//   node scripts/test-tools.mjs --path node24   prints the tool's executable
//
// `pnpm test` runs this first (root package.json), so a fresh machine needs only Node and the npm
// registry. A tool already installed at its pinned version costs one file read.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const TOOLS_DIR = path.join(ROOT, ".tools");

/**
 * name → the npm package and its exact version, and the file to run. `node@22`/`node@24` are the
 * Node.js binaries as npm packages (their preinstall fetches the platform package, also from npm).
 */
export const TOOLS = {
  node22: { package: "node", version: "22.23.3", bin: "node_modules/.bin/node" },
  // Keep node24 the release the Dockerfile builds on (NODE_IMAGE).
  node24: { package: "node", version: "24.21.0", bin: "node_modules/.bin/node" },
  // MCP Inspector 2.x needs Node >= 22.19: run its launcher with node22's binary.
  inspector: { package: "@modelcontextprotocol/inspector", version: "2.12.0", bin: "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js" },
};

export function toolDir(name) {
  return path.join(TOOLS_DIR, name);
}

export function toolPath(name) {
  const tool = TOOLS[name];
  if (!tool) throw new Error(`unknown tool ${name} (known: ${Object.keys(TOOLS).join(", ")})`);
  return path.join(toolDir(name), tool.bin);
}

function installedVersion(name) {
  const manifest = path.join(toolDir(name), "node_modules", TOOLS[name].package, "package.json");
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Installs `name` unless it is there at its pinned version; returns its executable. */
export function ensureTool(name, log = (line) => process.stderr.write(`${line}\n`)) {
  const tool = TOOLS[name];
  const bin = toolPath(name);
  if (installedVersion(name) === tool.version && existsSync(bin)) return bin;
  const dir = toolDir(name);
  log(`[test tools] installing ${tool.package}@${tool.version} into ${path.relative(ROOT, dir)}/ (npm registry)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A manifest of its own, so the install is an ordinary project install: npm >= 11.19 runs a
  // dependency's install scripts only when allowScripts names it (node@x needs its preinstall).
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({
    name: `toolgate-test-tool-${name}`,
    private: true,
    dependencies: { [tool.package]: tool.version },
    allowScripts: { [`${tool.package}@${tool.version}`]: true },
  }, null, 2)}\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    // No workspace or pnpm settings of the repository leak into this install.
    env: { ...process.env, npm_config_workspaces: "false", npm_config_user_agent: undefined },
  });
  if (result.status !== 0 || installedVersion(name) !== tool.version || !existsSync(bin)) {
    throw new Error(`[test tools] could not install ${tool.package}@${tool.version} into ${dir} (npm exited ${result.status ?? result.signal})`);
  }
  return bin;
}

export function ensureTools(names = Object.keys(TOOLS), log) {
  return Object.fromEntries(names.map((name) => [name, ensureTool(name, log)]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    if (args[0] === "--path") {
      for (const name of args.slice(1)) process.stdout.write(`${ensureTool(name)}\n`);
    } else {
      ensureTools(args.length ? args : undefined);
    }
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
