import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config/load-config.js";
import { createLogger } from "../src/http/logger.js";
import { startToolgate } from "../src/app/start-toolgate.js";
import { checkLocalLogin } from "../src/auth/local-login.js";
import { freePort } from "./helpers/free-port.js";
import { json } from "./helpers/oauth.js";

let dataDir: string;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Boots as a newcomer would: nothing configured. Returns the server, its log lines and what it printed. */
async function boot() {
  const port = await freePort();
  // No DATABASE_URL, no TOOLGATE_SECRET, no administrator password: the first-run experience.
  const config = loadConfig({ PORT: String(port), HOST: "127.0.0.1", TOOLGATE_DATA_DIR: dataDir, LOG_LEVEL: "info" });
  expect(config.databaseUrl).toBeUndefined();
  const lines: { msg: string; dataDir?: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  let printed = "";
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((text: string | Uint8Array) => {
    printed += String(text);
    return true;
  });
  try {
    const server = await startToolgate({ config, log: createLogger("info", destination) });
    return { server, lines, printed };
  } finally {
    stderr.mockRestore();
  }
}

describe("embedded default", () => {
  it("starts on PGlite with nothing configured, says so first, prints the generated admin password once, and keeps its data", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-embedded-"));
    const first = await boot();
    expect(first.lines[0]!.msg).toBe("Toolgate starting");
    expect(first.lines[1]).toMatchObject({ dataDir: path.join(dataDir, "pg") });
    expect(first.lines[1]!.msg).toMatch(/^no DATABASE_URL: starting the embedded PostgreSQL/);
    const password = /password: (\S+)/.exec(first.printed)?.[1];
    expect(password).toBeTruthy();
    expect(JSON.stringify(first.lines)).not.toContain(password);
    expect(await checkLocalLogin(first.server.prisma, "admin@toolgate.local", password!)).toMatchObject({ ok: true });

    const meta = await json(await fetch(`${first.server.url}/.well-known/oauth-authorization-server`));
    expect(meta.issuer).toBe(first.server.url);
    expect((await fetch(`${first.server.url}/readyz`)).status).toBe(200);
    const kids = (await json(await fetch(`${first.server.url}/jwks`))).keys.map((k: { kid: string }) => k.kid).sort();
    await first.server.close();

    const second = await boot();
    expect(second.printed).not.toContain("password");
    const again = (await json(await fetch(`${second.server.url}/jwks`))).keys.map((k: { kid: string }) => k.kid).sort();
    expect(again).toEqual(kids);
    expect(await checkLocalLogin(second.server.prisma, "admin@toolgate.local", password!)).toMatchObject({ ok: true });
    await second.server.close();
  }, 120_000);
});
