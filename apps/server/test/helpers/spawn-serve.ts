import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";

const SERVER_DIR = fileURLToPath(new URL("../..", import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string };

export interface ServeProcess {
  child: ChildProcess;
  /** Issuer and listen URL. */
  url: string;
  port: number;
  /** JSON log lines written so far (stdout, LOG_LEVEL=info). */
  logs: LogLine[];
  stderr(): string;
  /** Resolves once stderr (a pipe of its own, so unordered with the log lines) contains `text`. */
  waitForStderr(text: string): Promise<void>;
  /** The first log line (already written or still to come) `match` accepts. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs, removes its data directory. */
  cleanup(): Promise<void>;
}

/**
 * `toolgate <argv>` as its own process (main.ts from source, through tsx), the way a container or
 * `pnpm start` runs it: for tests of signals and exit codes, which an in-process server cannot show.
 * Resolves once the process is listening ("Toolgate ready"), unless `waitForReady` is false.
 */
export async function spawnServe(
  argv: string[],
  { databaseUrl, env = {}, waitForReady = true }: { databaseUrl: string; env?: Record<string, string>; waitForReady?: boolean },
): Promise<ServeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-serve-"));
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "src/main.ts", ...argv], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      TOOLGATE_ISSUER: url,
      DATABASE_URL: databaseUrl,
      TOOLGATE_DATA_DIR: dataDir,
      TOOLGATE_SECRET: "test-secret-test-secret-test-secret-0123456789",
      LOG_LEVEL: "info",
      // `--demo` writes the research example's .env: here, not the repository's.
      TOOLGATE_DEMO_ENV_FILE: path.join(dataDir, "research.env"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })));

  const logs: LogLine[] = [];
  const waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let partial = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const text of lines) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const waitForStderr = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!stderr.includes(text)) return;
        child.stderr!.off("data", check);
        resolve();
      };
      child.stderr!.on("data", check);
      check();
      void exited.then(() => reject(new Error(`toolgate exited before writing ${JSON.stringify(text)}; stderr:\n${stderr}`)));
    });

  const waitForLog = (match: (line: LogLine) => boolean) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      waiters.push({ match, resolve });
      // A process that exits first will never write the line: fail with what it said instead.
      void exited.then(({ code, signal }) =>
        reject(new Error(`toolgate exited (${code ?? signal}) before the awaited log line\nstdout:\n${logs.map((l) => JSON.stringify(l)).join("\n")}\nstderr:\n${stderr}`)));
    });
  };

  const serve: ServeProcess = {
    child,
    url,
    port,
    logs,
    stderr: () => stderr,
    waitForStderr,
    waitForLog,
    exited,
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (waitForReady) {
    try {
      await waitForLog((l) => l.msg === "Toolgate ready");
    } catch (err) {
      await serve.cleanup();
      throw err;
    }
  }
  return serve;
}
