import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CookieJar, signInAndConsent, type BrowserOutcome, type SignInUser } from "../../packages/sdk/test/helpers/official-client.js";
import { tool } from "./tools.js";

/** The official MCP conformance suite's CLI (a devDependency of this package, pinned exactly). */
export const CONFORMANCE_CLI = fileURLToPath(new URL("../node_modules/@modelcontextprotocol/conformance/dist/index.js", import.meta.url));
/** Every spec version whose `authorization` scenarios the suite lists (`conformance list --authorization`). */
export const SPEC_VERSIONS = ["2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"] as const;

export interface ConformanceCheck {
  id: string;
  name: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
  [key: string]: unknown;
}

export interface ConformanceRun {
  exitCode: number | null;
  /** stdout and stderr of the CLI, interleaved as written. */
  output: string;
  /** Every check of every scenario, from the results it saved (`-o`). */
  checks: Array<ConformanceCheck & { scenario: string }>;
  /** What the user agent did with the authorization URL the suite printed. */
  browser?: BrowserOutcome;
}

/**
 * `conformance authorization` against Toolgate, on Node 22 (the suite needs it; .tools/node22),
 * both scenarios (metadata endpoint, then the PKCE code grant, which uses the metadata). The code
 * grant prints an authorization URL for a person to open and waits for the callback on
 * http://127.0.0.1:<port>/callback: here a form-submitting user agent opens it, signs in as `user`
 * and consents, and its redirect lands on the suite's callback listener.
 */
export async function runConformance(options: {
  issuer: string;
  clientId: string;
  port: number;
  specVersion: string;
  resource?: string;
  user: SignInUser;
}): Promise<ConformanceRun> {
  const outputDir = await mkdtemp(path.join(tmpdir(), "toolgate-conformance-"));
  const args = [
    CONFORMANCE_CLI, "authorization", "--url", options.issuer, "--client-id", options.clientId,
    "--port", String(options.port), "--spec-version", options.specVersion, "--output-dir", outputDir,
    ...(options.resource ? ["--resource", options.resource] : []),
  ];
  const child = spawn(tool("node22"), args, { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH, NO_COLOR: "1" } });
  let output = "";
  let browsing: Promise<BrowserOutcome> | undefined;
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    // The line after "Access the following URL in your browser …" is the authorization request.
    // The suite prints it before its callback listener is up: wait for that too, or a quick
    // answer (an error redirect needs no sign-in) would find the port closed.
    const match = /Access the following URL in your browser[^\n]*\n(\S+)\n/.exec(output);
    const listening = output.includes(`Callback server started: http://127.0.0.1:${options.port}`);
    if (match && listening && !browsing) {
      browsing = signInAndConsent(new URL(match[1]!), { user: options.user, jar: new CookieJar() });
      browsing.catch(() => child.kill("SIGTERM"));
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exitCode = await new Promise<number | null>((resolve) => {
    // The suite waits 5 minutes for a callback that will not come if the user agent failed: bound it.
    const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  const browser = await browsing?.catch((err: unknown) => ({ pages: [], errorPage: { status: 0, html: String(err) } }) satisfies BrowserOutcome);
  const checks: ConformanceRun["checks"] = [];
  for (const file of await listJson(outputDir)) {
    const saved = JSON.parse(await readFile(file, "utf8")) as ConformanceCheck[] | { checks: ConformanceCheck[] };
    // Saved as <output>/authorization-server-<scenario>-<timestamp>/checks.json.
    const scenario = path.basename(path.dirname(file)).replace(/^authorization-server-/, "").replace(/-\d{4}-\d{2}-\d{2}T.*$/, "");
    for (const check of Array.isArray(saved) ? saved : saved.checks) checks.push({ ...check, scenario });
  }
  await rm(outputDir, { recursive: true, force: true });
  return { exitCode, output, checks, ...(browser ? { browser } : {}) };
}

async function listJson(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name === "checks.json").map((e) => path.join(e.parentPath, e.name)).sort();
}
