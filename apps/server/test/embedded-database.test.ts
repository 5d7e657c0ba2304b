import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load-config.js";
import { createLogger } from "../src/http/logger.js";
import { startToolgate } from "../src/app/start-toolgate.js";
import { freePort } from "./helpers/free-port.js";
import { json } from "./helpers/oauth.js";

let dataDir: string;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function boot() {
  const port = await freePort();
  // No DATABASE_URL and no TOOLGATE_SECRET: the first-run experience.
  const config = loadConfig({ PORT: String(port), HOST: "127.0.0.1", TOOLGATE_DATA_DIR: dataDir, LOG_LEVEL: "silent", TOOLGATE_ADMIN_PASSWORD: "embedded-admin-password" });
  expect(config.databaseUrl).toBeUndefined();
  return startToolgate({ config, log: createLogger("silent") });
}

describe("embedded default", () => {
  it("starts on PGlite with nothing configured, and keeps its data across restarts", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-embedded-"));
    const first = await boot();
    const meta = await json(await fetch(`${first.url}/.well-known/oauth-authorization-server`));
    expect(meta.issuer).toBe(first.url);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const kids = (await json(await fetch(`${first.url}/jwks`))).keys.map((k: { kid: string }) => k.kid).sort();
    await first.close();

    const second = await boot();
    const again = (await json(await fetch(`${second.url}/jwks`))).keys.map((k: { kid: string }) => k.kid).sort();
    expect(again).toEqual(kids);
    await second.close();
  }, 120_000);
});
