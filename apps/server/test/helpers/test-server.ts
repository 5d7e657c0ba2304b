import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger } from "../../src/http/logger.js";
import { startToolgate, type Toolgate } from "../../src/app/start-toolgate.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";
import { freePort } from "./free-port.js";

export const TEST_ADMIN = { email: "admin@example.com", password: "correct horse battery staple" };

export interface TestServer {
  /** The issuer. */
  url: string;
  /** Where it listens (differs from `url` only when a test sets TOOLGATE_ISSUER). */
  listenUrl: string;
  toolgate: Toolgate;
  prisma: Toolgate["prisma"];
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Reuse a database (e.g. two servers on one database); default: a fresh one. */
  database?: TestDatabase;
  fetch?: typeof globalThis.fetch;
  keyRefreshMs?: number;
  /** Host name in the issuer (default 127.0.0.1); two servers on different names keep separate cookies. */
  hostname?: string;
  /** Receives the server's JSON log lines (at LOG_LEVEL, default silent). */
  logStream?: { write(line: string): void };
}

/** A real Toolgate on a free loopback port, with its own database and data directory. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-test-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    TOOLGATE_ISSUER: `http://${options.hostname ?? "127.0.0.1"}:${port}`,
    DATABASE_URL: database.url,
    TOOLGATE_DATA_DIR: dataDir,
    TOOLGATE_SECRET: "test-secret-test-secret-test-secret-0123456789",
    TOOLGATE_ADMIN_EMAIL: TEST_ADMIN.email,
    TOOLGATE_ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: process.env.TOOLGATE_TEST_LOG ?? "silent",
    ...options.env,
  });
  const toolgate = await startToolgate({
    config,
    log: createLogger(config.logLevel, options.logStream),
    fetch: options.fetch,
    keyRefreshMs: options.keyRefreshMs,
  });
  return {
    url: config.issuer,
    listenUrl: `http://127.0.0.1:${port}`,
    toolgate,
    prisma: toolgate.prisma,
    databaseUrl: database.url,
    async close() {
      await toolgate.close();
      if (!options.database) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
