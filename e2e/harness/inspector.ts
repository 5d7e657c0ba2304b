import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CookieJar, signInAndConsent, type BrowserOutcome, type SignInUser } from "../../packages/sdk/test/helpers/official-client.js";
import { tool } from "./tools.js";

export interface InspectorRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The authorization URLs it asked the user to open, and what the user agent met there. */
  authorizations: Array<{ url: URL; outcome: BrowserOutcome }>;
}

/**
 * MCP Inspector's CLI mode (`inspector --cli`, @modelcontextprotocol/inspector 2.x on Node 22) with
 * its interactive OAuth: on a 401 it discovers, registers (DCR, or the given client id / metadata
 * document URL), listens for the redirect on `--callback-url` and writes "Please navigate to: <url>"
 * on stderr. Without a terminal it does that only when MCP_AUTO_OPEN_ENABLED=true, which also makes
 * it try to open a browser: BROWSER=/bin/true turns that into a no-op. The user agent opens the URL,
 * signs in as `user`, consents, and its redirect reaches the CLI's listener. Secrets stay in memory;
 * HOME is a fresh directory, so nothing of the machine's own Inspector state is read or written.
 */
export async function runInspectorCli(options: { args: string[]; callbackPort: number; user: SignInUser }): Promise<InspectorRun> {
  const home = await mkdtemp(path.join(tmpdir(), "toolgate-inspector-"));
  const child = spawn(tool("node22"), [tool("inspector"), "--cli", ...options.args, "--callback-url", `http://127.0.0.1:${options.callbackPort}/oauth/callback`], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH, HOME: home, NO_COLOR: "1", BROWSER: "/bin/true",
      MCP_AUTO_OPEN_ENABLED: "true", MCP_INSPECTOR_SECRET_STORE: "memory",
    },
  });
  let stdout = "";
  let stderr = "";
  const authorizations: InspectorRun["authorizations"] = [];
  const pending: Promise<unknown>[] = [];
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => {
    const before = stderr.length;
    stderr += chunk.toString("utf8");
    for (const match of stderr.slice(Math.max(0, before - 2000)).matchAll(/Please navigate to: (\S+)\n/g)) {
      const url = new URL(match[1]!);
      if (authorizations.some((a) => a.url.toString() === url.toString())) continue;
      const entry = { url, outcome: { pages: [] } as BrowserOutcome };
      authorizations.push(entry);
      pending.push(signInAndConsent(url, { user: options.user, jar: new CookieJar() }).then(
        (outcome) => (entry.outcome = outcome),
        (err: unknown) => (entry.outcome = { pages: [], errorPage: { status: 0, html: String(err) } }),
      ));
    }
  });
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  await Promise.all(pending);
  await rm(home, { recursive: true, force: true });
  return { exitCode, stdout, stderr, authorizations };
}
